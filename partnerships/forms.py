from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .access import pickable_companies, pickable_contacts, pickable_schools
from .models import Company, ContactPerson, CooperationAgreement, School
from .widgets import SearchSelect, SearchSelectMultiple

# The search endpoint's name for each choice of the agreement form.
CHOICE_KINDS = {"school": "schools", "company": "companies", "contact_persons": "contacts"}

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class AgreementForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

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
            "school": SearchSelect,
            "company": SearchSelect,
            "contact_persons": SearchSelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, user, search=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        search = search or {}
        schools = pickable_schools(user)
        companies = pickable_companies(user, keep=self.instance.company_id)
        contacts = pickable_contacts(user, keep_company=self.instance.company_id)
        self.fields["school"].queryset = schools
        self.fields["company"].queryset = companies
        self.fields["contact_persons"].queryset = contacts
        search_fields = {"school": ("name", "institution_number"), "company": ("name", "cvr")}
        for name in ("school", "company", "contact_persons"):
            widget = self.fields[name].widget
            widget.rows = self.fields[name].queryset
            widget.url = reverse("partnerships:agreement_choices", args=[CHOICE_KINDS[name]])
            widget.query = str(search.get(f"{name}_q", ""))[:100].strip()
            widget.search_fields = search_fields.get(name, ("name",))
        self.fields["company"].widget.label_of = lambda c: f"{c.name} ({c.municipality.name})"
        self.fields["contact_persons"].widget.label_of = lambda p: f"{p.name} ({p.organisation})"
        # A long list of contact persons shows those of the chosen school and company.
        school, company = self.chosen("school"), self.chosen("company")
        self.fields["contact_persons"].widget.extra = Q(school=school, school__isnull=False) | Q(
            company=company, company__isnull=False
        )
        contact_attrs = self.fields["contact_persons"].widget.attrs
        contact_attrs["data-follows"] = "id_school id_company"
        contact_attrs["data-choices-url"] = self.fields["contact_persons"].widget.url
        if self.instance.company_id:
            contact_attrs["data-keep"] = self.fields["company"].widget.attrs["data-keep"] = (
                self.instance.company_id
            )
        self.fields["contact_persons"].help_text = _("Contact persons of the chosen school or company.")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def chosen(self, name: str) -> int | None:
        """The pk of the school or company in the submitted data, the initial data or the instance."""
        value = self.data.get(name) if self.is_bound else self.initial.get(name)
        if value is None:
            value = getattr(self.instance, f"{name}_id", None)
        value = getattr(value, "pk", value)
        return int(value) if str(value).isdigit() else None

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


class SchoolForm(forms.ModelForm):
    class Meta:
        model = School
        fields = ["name", "municipality", "kind", "institution_number", "address", "postcode", "active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = user.editable_municipalities()


class CompanyForm(forms.ModelForm):
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


class ContactPersonForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "role", "email", "phone"]
