from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from brasite.lib.versioning import VersionedAdminMixin

from .contacts import remove_contact_person
from .models import (
    Company,
    ContactPerson,
    CooperationAgreement,
    Municipality,
    Programme,
    ProgrammeParticipation,
    RateLimitHit,
    School,
    User,
)

admin.site.site_header = _("BRAA Partnerships – administration")
admin.site.site_title = _("BRAA Partnerships")
admin.site.index_title = _("Administration")


@admin.register(User)
class UserAdmin(VersionedAdminMixin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "is_staff", "is_active"]
    list_filter = ["role", "is_staff", "is_active", "municipalities"]
    search_fields = ["email", "first_name", "last_name"]
    autocomplete_fields = ["company"]
    filter_horizontal = ["municipalities", "groups", "user_permissions"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "personal_data"]}),
        (_("Role in the portal"), {"fields": ["role", "municipalities", "company"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    readonly_fields = ["personal_data"]

    @admin.display(description=_("Personal data"))
    def personal_data(self, obj):
        if obj.pk is None:
            return "–"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("privacy:account_export", args=[obj.pk]),
            _("Export (JSON)"),
            reverse("privacy:account_erase", args=[obj.pk]),
            _("Erase…"),
        )


@admin.register(Municipality)
class MunicipalityAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "agreement_goal"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}


class ContactInline(admin.TabularInline):
    model = ContactPerson
    fields = ["name", "role", "email", "phone"]
    extra = 0


@admin.register(School)
class SchoolAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "municipality", "kind", "institution_number", "postcode", "active"]
    list_filter = ["municipality", "kind", "active"]
    search_fields = ["name", "institution_number", "address"]
    autocomplete_fields = ["municipality"]
    inlines = [ContactInline]


@admin.register(Company)
class CompanyAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "cvr", "kind", "municipality", "host_status", "hosting_capacity"]
    list_filter = ["host_status", "kind", "municipality", "sector", "employee_band"]
    search_fields = ["name", "cvr", "address"]
    autocomplete_fields = ["municipality"]
    filter_horizontal = ["programmes_of_interest"]
    inlines = [ContactInline]


@admin.register(ContactPerson)
class ContactPersonAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "role", "email", "phone", "school", "company"]
    search_fields = ["name", "email", "school__name", "company__name"]
    autocomplete_fields = ["school", "company"]

    # Deleting here removes the person's data from the record of changes and names in the admin log too.
    def delete_model(self, request, obj):
        remove_contact_person(obj)

    def delete_queryset(self, request, queryset):
        for person in queryset:
            remove_contact_person(person)


@admin.register(CooperationAgreement)
class CooperationAgreementAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "school", "company", "programme", "status", "start_date", "end_date"]
    list_filter = ["status", "programme", "school__municipality"]
    list_select_related = ["school", "company", "programme"]
    search_fields = ["title", "school__name", "company__name", "company__cvr"]
    autocomplete_fields = ["school", "company", "programme", "contact_persons"]
    date_hierarchy = "start_date"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(RateLimitHit)
class RateLimitHitAdmin(admin.ModelAdmin):
    list_display = ["scope", "created_at"]
    list_filter = ["scope"]
    readonly_fields = ["scope", "key", "created_at"]


class ParticipationInline(admin.TabularInline):
    model = ProgrammeParticipation
    autocomplete_fields = ["municipality"]
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "coordinator", "start_year", "end_year"]
    search_fields = ["name", "coordinator", "funder"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ParticipationInline]


@admin.register(ProgrammeParticipation)
class ProgrammeParticipationAdmin(admin.ModelAdmin):
    list_display = ["programme", "municipality", "status", "from_year", "to_year"]
    list_filter = ["programme", "status", "municipality"]
    search_fields = ["programme__name", "municipality__name"]
    autocomplete_fields = ["programme", "municipality"]
