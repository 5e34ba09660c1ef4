from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from brasite.lib.versioning import VersionedModelForm

from .models import Company, ContactPerson, CooperationAgreement, School

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def with_municipality(organisation) -> str:
    """A school's or company's label in a choice list: two of the same name differ by municipality."""
    return f"{organisation.name} ({organisation.municipality.name})"


def told_apart(field) -> None:
    """Label the choices of a school or company field with their municipality (and load it at once)."""
    field.queryset = field.queryset.select_related("municipality")
    field.label_from_instance = with_municipality


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
        told_apart(self.fields["company"])
        told_apart(self.fields["school"])
        self.fields["company"].widget.attrs["data-filterable"] = "true"
        self.fields["school"].widget.attrs["data-filterable"] = "true"
        self.fields["contact_persons"].queryset = ContactPerson.objects.filter(
            Q(school__municipality__in=local_ids) | Q(company__in=companies)
        ).select_related("school", "company")
        self.fields["contact_persons"].label_from_instance = lambda p: f"{p.name} ({p.organisation})"
        self.fields["contact_persons"].help_text = _("Contact persons of the chosen school or company.")

    def clean(self):
        cleaned = super().clean()
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
        self.fields["municipality"].queryset = user.editable_municipalities()


class ContactPersonForm(VersionedModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "role", "email", "phone"]
