"""Model and form fields for Danish identifiers."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.dk import cvr as stdnum_cvr

from brasite.lib.digits import is_digits

four_digits = RegexValidator(r"^[0-9]{4}$", _("Enter exactly 4 digits."), code="four_digits")
six_digits = RegexValidator(
    r"^[0-9]{6}$", _("An institution number has exactly 6 digits."), code="six_digits"
)
ten_digits = RegexValidator(r"^[0-9]{10}$", _("A P-number has exactly 10 digits."), code="ten_digits")


def normalise_cvr(value):
    """Return the compact 8-digit form of a CVR number typed with spaces, dashes or a "DK" prefix."""
    if value is None:
        return value
    return stdnum_cvr.compact(str(value).upper())


def validate_cvr(value: str) -> None:
    """Raise a ValidationError that says what is wrong with a (normalised) CVR number."""
    if not is_digits(value) or len(value) != 8:
        raise ValidationError(
            _("A CVR number has exactly 8 digits (you typed “%(value)s”)."),
            code="cvr_format",
            params={"value": value},
        )
    if value[0] == "0":
        raise ValidationError(_("A CVR number cannot start with 0."), code="cvr_leading_zero")
    if stdnum_cvr.checksum(value) != 0:
        raise ValidationError(
            _("%(value)s is not a valid CVR number: the check digit does not match. Please check for typos."),
            code="cvr_checksum",
            params={"value": value},
        )


class CVRFormField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs["max_length"] = 20  # room for "DK 12 34 56 78" as people paste it
        kwargs.setdefault("help_text", _("8 digits, e.g. 12345674. Spaces and a “DK” prefix are fine."))
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalise_cvr(super().to_python(value))

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        return attrs


class CVRField(models.CharField):
    """A CVR number, stored as 8 digits; any input is normalised by the field itself."""

    default_validators = [validate_cvr]

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = 8
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        del kwargs["max_length"]
        return name, path, args, kwargs

    def to_python(self, value):
        return normalise_cvr(super().to_python(value))

    def get_prep_value(self, value):
        return normalise_cvr(super().get_prep_value(value))

    def pre_save(self, model_instance, add):
        value = normalise_cvr(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CVRFormField, **kwargs})


class HttpsURLField(models.URLField):
    """A URL field whose form field assumes https:// when people leave out the scheme."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


def normalise_phone(value: str) -> str:
    """A Danish phone number as "+45 12 34 56 78"; other text is returned stripped, for the validator."""
    digits = "".join(ch for ch in value if not ch.isspace() and ch not in "-.()")
    for prefix in ("+45", "0045"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
    if len(digits) == 8 and is_digits(digits):
        return f"+45 {digits[0:2]} {digits[2:4]} {digits[4:6]} {digits[6:8]}"
    return value.strip()


def validate_danish_phone(value: str) -> None:
    if value and not normalise_phone(value).startswith("+45 "):
        raise ValidationError(
            _("Enter a Danish phone number of 8 digits, with or without +45, e.g. +45 12 34 56 78."),
            code="phone",
        )


class DanishPhoneField(models.CharField):
    """A Danish phone number, stored as "+45 12 34 56 78" whatever spacing was typed."""

    default_validators = [validate_danish_phone]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_phone(value) if value else value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value:
            value = normalise_phone(value)
            setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
        return super().formfield(**kwargs)
