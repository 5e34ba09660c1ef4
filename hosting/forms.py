"""Forms of the host sign-up, the coordinators' decisions on it, and the company's own pages."""

import json
import re

from django import forms
from django.core.validators import MaxValueValidator
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from brasite.lib.versioning import VersionedModelForm
from partnerships import cvr as cvr_register
from partnerships.groups import group_of
from partnerships.models import Company, Municipality, Programme
from partnerships.postcodes import postcode_hints

from .models import HostSignup

format_html_lazy = lazy(format_html, str)

# The sign-up's fields a look-up in the CVR register fills in (keys of `cvr.FormLookup.values`).
CVR_FILLED_FIELDS = ("name", "cvr", "address", "postcode", "municipality")


class HostSignupForm(forms.ModelForm):
    """The public "Become a host" form; field names are the model's."""

    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    consent = forms.BooleanField(
        label=_("I agree that the municipality keeps my contact details for this sign-up."),
        help_text=format_html_lazy(
            '{} <a href="{}">{}</a>.',
            _("How we handle them is described in the"),
            reverse_lazy("privacy:privacy_notice"),
            _("privacy notice"),
        ),
        error_messages={
            "required": _(
                "Please agree to the processing of your contact details; "
                "we cannot handle the sign-up without them."
            )
        },
    )
    # A honeypot: hidden from people by the page's style sheet, so only robots fill it in.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = HostSignup
        fields = [
            "name",
            "kind",
            "cvr",
            "address",
            "postcode",
            "municipality",
            "sector",
            "employee_band",
            "website",
            "hosting_capacity",
            "programmes_of_interest",
            "contact_name",
            "contact_role",
            "contact_email",
            "contact_phone",
        ]
        widgets = {"programmes_of_interest": forms.CheckboxSelectMultiple}

    def __init__(self, *args, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        if group is None:
            group = group_of(None)
        if group is not None:
            self.fields["consent"].label = _(
                "I agree that %(organisation)s and the municipality keep my contact details for this sign-up."
            ) % {"organisation": group.organisation_name}
        municipalities = Municipality.objects.in_group(group).order_by("name")
        pk_by_code = dict(municipalities.values_list("code", "pk"))
        self.municipality_by_postcode = {
            postcode: pk_by_code[code] for postcode, code in postcode_hints().items() if code in pk_by_code
        }
        self.fields["municipality"].queryset = municipalities
        self.fields["municipality"].empty_label = _("Choose the municipality")
        self.fields["municipality"].help_text = _(
            "The municipality where the company hosts pupils. "
            "We suggest one from the postcode; please check it."
        )
        self.fields["postcode"].widget.attrs.update(
            {
                "data-municipality-map": json.dumps(self.municipality_by_postcode, separators=(",", ":")),
                "data-municipality-select": "id_municipality",
            }
        )
        self.fields["programmes_of_interest"].queryset = Programme.objects.order_by("name")
        self.fields["hosting_capacity"].widget.attrs.update({"min": 0, "max": 50})
        self.fields["cvr"].help_text = _(
            "8 digits, e.g. 12345674. An association or organisation without a CVR number leaves it empty."
        )
        self.fields["name"].widget.attrs["autocomplete"] = "organization"
        self.fields["address"].widget.attrs["autocomplete"] = "address-line1"
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["contact_role"].widget.attrs["autocomplete"] = "organization-title"
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        if cvr_register.is_enabled():
            # static/js/cvr-lookup.js fills the fields named here from the JSON look-up of the page's group.
            lookup_url = reverse("hosting:host_signup_cvr_lookup")
            if group is not None:
                lookup_url += "?" + urlencode({"group": group.slug})
            self.fields["cvr"].widget.attrs.update(
                {
                    "data-cvr-lookup": lookup_url,
                    "data-cvr-fields": json.dumps({key: f"id_{key}" for key in CVR_FILLED_FIELDS}),
                    "data-cvr-status": "cvr-lookup-status",
                }
            )
        self.suggested_municipality = None
        if self.is_bound and not self.data.get("municipality"):
            suggestion = self.municipality_by_postcode.get(re.sub(r"\s", "", self.data.get("postcode", "")))
            if suggestion:
                # Shown again with the municipality chosen from the postcode, for the person to confirm.
                self.data = self.data.copy()
                self.data["municipality"] = str(suggestion)
                self.suggested_municipality = suggestion

    def clean_postcode(self):
        postcode = re.sub(r"\s", "", self.cleaned_data["postcode"])
        if not re.fullmatch(r"[0-9]{4}", postcode):
            raise forms.ValidationError(_("A Danish postcode has 4 digits, e.g. 8000."), code="postcode")
        return postcode

    def clean_municipality(self):
        municipality = self.cleaned_data["municipality"]
        if self.suggested_municipality:
            raise forms.ValidationError(
                _("We have chosen %(name)s from the postcode. Please check it and send the form again."),
                code="suggested",
                params={"name": municipality.name},
            )
        return municipality

    def clean(self):
        cleaned_data = super().clean()
        if (
            cleaned_data.get("kind") == Company.Kind.COMPANY
            and not cleaned_data.get("cvr")
            and "cvr" not in self.errors
        ):
            self.add_error(
                "cvr",
                forms.ValidationError(
                    _(
                        "A company needs its CVR number. For an association or organisation without one, "
                        "choose that kind above."
                    ),
                    code="cvr_required",
                ),
            )
        return cleaned_data

    @property
    def is_spam(self) -> bool:
        """The honeypot is filled in; read from what was sent, so it holds before validation too."""
        return bool((self["homepage"].value() or "").strip())

    def save(self, commit=True):
        self.instance.language = get_language() or "da"
        self.instance.consented_at = timezone.now()
        return super().save(commit)


class NewLinkForm(forms.Form):
    email = forms.EmailField(label=_("Your email address"), max_length=254)


class RejectSignupForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the rejection"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The reason is sent to the contact person by email. Write it so they can understand it."),
    )


class CompanyProfileForm(VersionedModelForm):
    """What a company's own users may change about their company (not its CVR, municipality or status)."""

    class Meta:
        model = Company
        fields = [
            "name",
            "kind",
            "address",
            "postcode",
            "sector",
            "employee_band",
            "website",
            "hosting_capacity",
            "programmes_of_interest",
        ]
        widgets = {"programmes_of_interest": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hosting_capacity"].widget.attrs.update({"min": 0, "max": 50})
        self.fields["hosting_capacity"].validators.append(MaxValueValidator(50))

    def clean_kind(self):
        """The CVR number is the coordinator's to register: without one, an association stays one."""
        kind = self.cleaned_data["kind"]
        if kind == Company.Kind.COMPANY and not self.instance.cvr:
            raise forms.ValidationError(
                _(
                    "A company needs its CVR number. "
                    "Ask the coordinator of your municipality to register it first."
                ),
                code="cvr_required",
            )
        return kind
