from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import Company, ContactPerson, CooperationAgreement, School
from .services import default_end_date

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
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

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
