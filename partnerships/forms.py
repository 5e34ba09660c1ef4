import json

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from brasite.lib.digits import int_or_none
from brasite.lib.versioning import VersionedModelForm

from . import cvr as cvr_register
from .access import pickable_companies, pickable_contacts, pickable_schools
from .models import Company, ContactPerson, CooperationAgreement, School
from .services import default_end_date, save_register_units
from .widgets import SearchSelect, SearchSelectMultiple

# The search endpoint's name for each choice of the agreement form.
CHOICE_KINDS = {"school": "schools", "company": "companies", "contact_persons": "contacts"}

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
        # Schools come from the user's own municipalities: named with it only when there are several.
        if user.is_staff or len(user.coordinated_municipality_ids) > 1:
            self.fields["school"].widget.label_of = with_municipality
        self.fields["company"].widget.label_of = with_municipality
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

    def chosen(self, name: str) -> int | None:
        """The pk of the school or company in the submitted data, the initial data or the instance."""
        value = self.data.get(name) if self.is_bound else self.initial.get(name)
        if value is None:
            value = getattr(self.instance, f"{name}_id", None)
        value = getattr(value, "pk", value)
        return int_or_none(value)

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


class EndAgreementForm(forms.Form):
    """The day the agreement ended: it counts up to and including that day (default today)."""

    end_date = forms.DateField(
        label=_("Last day of the agreement"),
        widget=DATE_INPUT,
        help_text=_("The agreement counts toward the goal up to and including this day."),
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        today = timezone.localdate()
        self.fields["end_date"].initial = default_end_date(agreement)
        self.fields["end_date"].widget.attrs.update(
            min=agreement.start_date.isoformat(), max=today.isoformat()
        )

    def clean_end_date(self):
        end_date = self.cleaned_data["end_date"]
        if end_date < self.agreement.start_date:
            raise forms.ValidationError(
                _("The end date cannot be before the start date (%(day)s).")
                % {"day": date_format(self.agreement.start_date, "SHORT_DATE_FORMAT")}
            )
        if end_date > timezone.localdate():
            raise forms.ValidationError(
                _("An agreement cannot be ended on a future day. To let it end later, edit its end date.")
            )
        return end_date


class CancelAgreementForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the agreement cancelled?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: entered by mistake, or never signed. The reason is kept with the change."),
    )


class SchoolForm(VersionedModelForm):
    class Meta:
        model = School
        fields = ["name", "municipality", "kind", "institution_number", "address", "postcode", "active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = user.editable_municipalities()


# The fields a look-up in the CVR register fills in (the keys of `cvr.FormLookup.values`).
CVR_FILLED_FIELDS = ("name", "address", "postcode", "municipality", "advertising_protected")


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
            "advertising_protected",
            "programmes_of_interest",
            "hosting_capacity",
        ]
        widgets = {"programmes_of_interest": forms.CheckboxSelectMultiple}

    # Production units from the CVR register, offered after a look-up; ticked ones are saved with the company.
    production_units = forms.MultipleChoiceField(
        label=_("Production units from the CVR register"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Ticked units are saved with the company. Units outside the region's municipalities are left out."
        ),
    )
    confirm_similar = forms.BooleanField(
        label=_("Save anyway: this is another company than those listed"),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, user, register_units=(), **kwargs):
        """`register_units`: (`cvr.ProductionUnit`, municipality pk) pairs of the register's answer."""
        super().__init__(*args, **kwargs)
        self.user = user
        self.similar: list[Company] = []
        self.fields["municipality"].queryset = user.editable_municipalities()
        self.register_units = {unit.p_number: (unit, municipality) for unit, municipality in register_units}
        units = self.fields["production_units"]
        units.choices = [
            (p_number, cvr_register.unit_label(unit)) for p_number, (unit, _m) in self.register_units.items()
        ]
        units.initial = list(self.register_units)
        if not self.register_units:
            del self.fields["production_units"]  # static/js/cvr-lookup.js offers them in place
        if cvr_register.is_enabled():
            # static/js/cvr-lookup.js fills the fields named here from the JSON look-up.
            self.fields["cvr"].widget.attrs.update(
                {
                    "data-cvr-lookup": reverse("partnerships:company_cvr_lookup"),
                    "data-cvr-fields": json.dumps({key: f"id_{key}" for key in CVR_FILLED_FIELDS}),
                    "data-cvr-units": "cvr-lookup-units",
                    "data-cvr-status": "cvr-lookup-status",
                }
            )

    def clean(self):
        cleaned = super().clean()
        changed = not self.instance.pk or {"name", "address", "postcode"} & set(self.changed_data)
        if changed and not cleaned.get("confirm_similar") and "name" in cleaned:
            self.similar = list(
                Company.objects.similar_to(
                    name=cleaned["name"],
                    address=cleaned.get("address", ""),
                    postcode=cleaned.get("postcode", ""),
                    exclude_pk=self.instance.pk,
                ).select_related("municipality")[:10]
            )
            if self.similar:
                self.fields["confirm_similar"].widget = forms.CheckboxInput()
                self.add_error(
                    "confirm_similar",
                    _(
                        "A company with the same name or the same address is already in the portal (listed"
                        " above the form). Add what you need there, or tick this box if this is another"
                        " company."
                    ),
                )
        return cleaned

    def similar_companies(self) -> list[tuple[Company, bool]]:
        """The similar companies found, each with whether the user may open it."""
        visible = set(
            Company.objects.visible_to(self.user)
            .filter(pk__in=[c.pk for c in self.similar])
            .values_list("pk", flat=True)
        )
        return [(company, company.pk in visible) for company in self.similar]

    def save(self, commit=True):
        company = super().save(commit)
        if commit:
            self.save_production_units(company)
        return company

    def save_production_units(self, company: Company) -> None:
        """Save the ticked production units from the register with the company."""
        ticked = set(self.cleaned_data.get("production_units", []))
        save_register_units(company, [pair for p, pair in self.register_units.items() if p in ticked])

    def clean_cvr(self):
        """A CVR number already in the portal: say which company has it, linked where the user may see it,
        and otherwise whom to ask (company names and CVR numbers are public in the CVR register)."""
        cvr = self.cleaned_data["cvr"]
        if not cvr:
            return cvr
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
