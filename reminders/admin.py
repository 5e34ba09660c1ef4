from django.contrib import admin

from .models import AgreementReminderOption, CalendarFeed, HostAnswer, ReminderPreferences, SentReminder


@admin.register(ReminderPreferences)
class ReminderPreferencesAdmin(admin.ModelAdmin):
    list_display = ["user", "language", "weekly_digest", "goal_at_risk"]
    list_filter = ["language", "weekly_digest"]
    search_fields = ["user__email"]
    autocomplete_fields = ["user"]


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    """The sent-log is the daily job's memory: read it here, never change it by hand."""

    list_display = ["kind", "recipient", "object_type", "object_id", "period", "sent_at"]
    list_filter = ["kind"]
    search_fields = ["recipient"]
    date_hierarchy = "sent_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AgreementReminderOption)
class AgreementReminderOptionAdmin(admin.ModelAdmin):
    list_display = ["agreement", "notify_contacts"]
    autocomplete_fields = ["agreement"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__email"]
    readonly_fields = ["token", "created_at"]
    autocomplete_fields = ["user"]


@admin.register(HostAnswer)
class HostAnswerAdmin(admin.ModelAdmin):
    list_display = ["company", "school_year", "answer", "classes", "asked_at", "reminded_at", "answered_at"]
    list_filter = ["school_year", "answer"]
    search_fields = ["company__name"]
    autocomplete_fields = ["company"]
    filter_horizontal = ["programmes"]
