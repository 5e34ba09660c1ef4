from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from brasite.lib.versioning import VersionedModelForm

from .models import Company, ContactPerson, CooperationAgreement, School

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class AgreementForm(VersionedModelForm):
    class Meta:
        model = CooperationAgreement
        fields = [
            "title",
            "school",
            "company",
            "programme",
            "activities",
            "signed_on",
            "start_date",
            "end_date",
            "contact_persons",
        ]
        widgets = {
            "signed_on": DATE_INPUT,
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "activities": forms.Textarea(attrs={"rows": 4}),
            "contact_persons": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        local_ids = list(user.editable_municipalities().values_list("pk", flat=True))
        self.fields["school"].queryset = School.objects.filter(municipality__in=local_ids).select_related(
            "municipality"
        )
        # Approved hosts, the coordinator's own municipalities' first; the current company stays selectable.
        companies = Company.objects.filter(
            Q(host_status=Company.HostStatus.APPROVED) | Q(pk=self.instance.company_id)
        ).select_related("municipality")
        self.fields["company"].queryset = companies.annotate(
            local=Case(
                When(municipality__in=local_ids, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        ).order_by("local", "name")
        self.fields["company"].label_from_instance = lambda c: f"{c.name} ({c.municipality.name})"
        self.fields["company"].widget.attrs["data-filterable"] = "true"
        self.fields["school"].widget.attrs["data-filterable"] = "true"
        self.fields["contact_persons"].queryset = ContactPerson.objects.filter(
            Q(school__municipality__in=local_ids) | Q(company__in=companies)
        ).select_related("school", "company")
        self.fields["contact_persons"].label_from_instance = lambda p: f"{p.name} ({p.organisation})"
        self.fields["contact_persons"].help_text = _("Contact persons of the chosen school or company.")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            # The database constraint guards the rule; here the end-date field itself is marked.
            self.add_error("end_date", _("The end date cannot be before the start date."))
        school, company = cleaned.get("school"), cleaned.get("company")
        for person in cleaned.get("contact_persons") or []:
            if person.school_id != getattr(school, "pk", None) and person.company_id != getattr(
                company, "pk", None
            ):
                self.add_error(
                    "contact_persons",
                    _("%(name)s works at neither the chosen school nor the chosen company.")
                    % {"name": person.name},
                )
        return cleaned


class SchoolForm(VersionedModelForm):
    class Meta:
        model = School
        fields = ["name", "municipality", "kind", "institution_number", "address", "postcode", "active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = user.editable_municipalities()


class CompanyForm(VersionedModelForm):
    class Meta:
        model = Company
        fields = [
            "name",
            "cvr",
            "kind",
            "municipality",
            "address",
            "postcode",
            "sector",
            "employee_band",
            "website",
            "host_status",
            "programmes_of_interest",
            "hosting_capacity",
        ]
        widgets = {"programmes_of_interest": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["municipality"].queryset = user.editable_municipalities()

    def clean_cvr(self):
        """A CVR number already in the portal: say which company has it, linked where the user may see it,
        and otherwise whom to ask (company names and CVR numbers are public in the CVR register)."""
        cvr = self.cleaned_data["cvr"]
        existing = (
            Company.objects.filter(cvr=cvr)
            .exclude(pk=self.instance.pk)
            .select_related("municipality")
            .first()
        )
        if existing is None:
            return cvr
        if Company.objects.visible_to(self.user).filter(pk=existing.pk).exists():
            message = _(
                'This CVR number already belongs to <a href="{url}">{name}</a>: add what you need there.'
            )
            raise forms.ValidationError(
                format_html(message, url=existing.get_absolute_url(), name=existing.name)
            )
        raise forms.ValidationError(
            _(
                "This CVR number already belongs to %(name)s in %(municipality)s. Ask the coordinator of "
                "%(municipality)s or an administrator if it needs changing."
            ),
            params={"name": existing.name, "municipality": existing.municipality.name},
        )


class ContactPersonForm(VersionedModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "role", "email", "phone"]
