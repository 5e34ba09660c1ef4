from django.contrib import admin

from .models import HostSignup


@admin.register(HostSignup)
class HostSignupAdmin(admin.ModelAdmin):
    list_display = ["name", "cvr", "municipality", "status", "submitted_at", "verified_at"]
    list_filter = ["status", "municipality"]
    search_fields = ["name", "cvr", "contact_name", "contact_email"]
    autocomplete_fields = ["municipality", "company", "contact", "decided_by"]
    readonly_fields = ["language", "consented_at", "submitted_at", "verified_at", "decided_at"]
