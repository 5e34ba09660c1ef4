from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from brasite.lib.versioning import VersionedAdminMixin

from .contacts import remove_contact_person
from .models import (
    AgreementTransition,
    Company,
    ContactPerson,
    CooperationAgreement,
    Municipality,
    MunicipalityGroup,
    ProductionUnit,
    Programme,
    ProgrammeParticipation,
    RateLimitHit,
    Region,
    School,
    SchoolYearGoal,
    User,
)
from .schoolyears import SchoolYear
from .services import set_status

admin.site.site_header = format_lazy("{} – {}", settings.PORTAL_NAME, _("administration"))
admin.site.site_title = settings.PORTAL_NAME
admin.site.index_title = _("Administration")


@admin.register(User)
class UserAdmin(VersionedAdminMixin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "is_staff", "is_active"]
    list_filter = ["role", "is_staff", "is_active", "municipalities"]
    search_fields = ["email", "first_name", "last_name"]
    autocomplete_fields = ["company"]
    filter_horizontal = ["municipalities", "viewer_groups", "groups", "user_permissions"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "personal_data"]}),
        (_("Role in the portal"), {"fields": ["role", "municipalities", "viewer_groups", "company"]}),
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


class SchoolYearGoalInline(admin.TabularInline):
    model = SchoolYearGoal
    fields = ["school_year", "target"]
    extra = 1


@admin.register(Municipality)
class MunicipalityAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "region", "current_goal"]
    list_filter = ["region", "municipality_groups"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SchoolYearGoalInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_goal()

    @admin.display(description=_("Goal this school year"))
    def current_goal(self, obj):
        return obj.agreement_goal


@admin.register(SchoolYearGoal)
class SchoolYearGoalAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["municipality", "school_year_label", "target"]
    list_filter = ["municipality", "school_year"]
    search_fields = ["municipality__name"]
    autocomplete_fields = ["municipality"]

    @admin.display(description=_("school year"), ordering="school_year")
    def school_year_label(self, obj):
        return SchoolYear(obj.school_year).label


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(MunicipalityGroup)
class MunicipalityGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "is_default", "organisation_name"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["municipalities"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "is_default", "description", "municipalities"]}),
        (
            _("Responsible organisation"),
            {
                "fields": [
                    "organisation_name",
                    "organisation_address",
                    "organisation_email",
                    "organisation_phone",
                    "organisation_website",
                ]
            },
        ),
        (_("Emails"), {"fields": ["email_sender_name", "email_signature"]}),
    ]


class ContactInline(admin.TabularInline):
    model = ContactPerson
    fields = ["name", "role", "email", "phone"]
    extra = 0


@admin.register(ProductionUnit)
class ProductionUnitAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["p_number", "name", "company", "municipality", "active"]
    list_filter = ["municipality", "active"]
    search_fields = ["p_number", "name", "company__name", "company__cvr"]
    autocomplete_fields = ["company", "municipality"]


class ProductionUnitInline(admin.TabularInline):
    model = ProductionUnit
    fields = ["p_number", "name", "address", "postcode", "municipality", "active"]
    autocomplete_fields = ["municipality"]
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
    inlines = [ProductionUnitInline, ContactInline]


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


class AgreementAdminForm(forms.ModelForm):
    """A status change in the admin goes through the same services as on the agreement's page."""

    status_reason = forms.CharField(
        label=_("Reason for the status change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when cancelling; kept with the status change."),
    )

    class Meta:
        model = CooperationAgreement
        fields = "__all__"  # noqa: DJ007 (the ModelAdmin chooses the fields)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "status" in self.changed_data:
            new = cleaned.get("status")
            if new == CooperationAgreement.Status.CANCELLED and not cleaned.get("status_reason", "").strip():
                self.add_error("status_reason", _("Say why the agreement is cancelled."))
        return cleaned


class TransitionInline(admin.TabularInline):
    model = AgreementTransition
    fk_name = "agreement"
    fields = ["at", "from_status", "to_status", "by", "reason", "previous_end_date", "end_date", "undoes"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-at", "-pk"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CooperationAgreement)
class CooperationAgreementAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    form = AgreementAdminForm
    list_display = ["title", "school", "company", "programme", "shown_status", "start_date", "end_date"]
    list_filter = ["status", "programme", "school__municipality"]
    list_select_related = ["school", "company", "programme"]
    search_fields = ["title", "school__name", "company__name", "company__cvr"]
    autocomplete_fields = ["school", "company", "programme", "contact_persons"]
    date_hierarchy = "start_date"
    inlines = [TransitionInline]

    @admin.display(description=_("status"), ordering="status")
    def shown_status(self, obj):
        return obj.get_status_display()

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            obj.updated_by = request.user
            super().save_model(request, obj, form, change)
            return
        new_status = obj.status
        status_changed = "status" in form.changed_data
        if status_changed:
            # Save the other fields under the old status, then change the status through the service.
            obj.status = form.initial["status"]
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        if status_changed:
            try:
                set_status(
                    obj,
                    new_status,
                    user=request.user,
                    end_date=obj.end_date if new_status == CooperationAgreement.Status.ENDED else None,
                    reason=form.cleaned_data.get("status_reason", ""),
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), level="error")


@admin.register(AgreementTransition)
class AgreementTransitionAdmin(admin.ModelAdmin):
    """Status changes are written by the services only; here they are read."""

    list_display = ["agreement", "from_status", "to_status", "at", "by", "reason"]
    list_filter = ["to_status", "from_status"]
    search_fields = ["agreement__title", "reason"]
    list_select_related = ["agreement", "by"]
    readonly_fields = [f.name for f in AgreementTransition._meta.fields]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
    list_display = ["name", "slug", "work_kind", "coordinator", "start_year", "end_year"]
    search_fields = ["name", "coordinator", "funder"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ParticipationInline]


@admin.register(ProgrammeParticipation)
class ProgrammeParticipationAdmin(admin.ModelAdmin):
    list_display = ["programme", "municipality", "status", "from_year", "to_year"]
    list_filter = ["programme", "status", "municipality"]
    search_fields = ["programme__name", "municipality__name"]
    autocomplete_fields = ["programme", "municipality"]
