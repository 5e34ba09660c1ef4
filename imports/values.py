"""The text of one cell, checked and converted as the portal's forms would; errors as ValidationError."""

import datetime
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import override

from brasite.lib.digits import is_digits

EXCEL_EPOCH = datetime.date(1899, 12, 30)
# Excel's serial numbers of the days from 1954 to 2119: a bare number outside them is not a date.
EXCEL_SERIALS = range(20_000, 80_000)
DAY_FIRST = re.compile(r"(?P<d>\d{1,2})[.\-/](?P<m>\d{1,2})[.\-/](?P<y>\d{4})")
YEAR_FIRST = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
SERIAL = re.compile(r"(?P<days>\d{5})(?:\.\d+)?")
# Denmark with Bornholm and Christiansø, and a margin: a coordinate outside is a typo or swapped.
BOUNDS = {"latitude": (Decimal("54.4"), Decimal("57.9")), "longitude": (Decimal("7.8"), Decimal("15.3"))}
COORDINATE_PLACES = Decimal("0.000001")  # about 0.1 m; a map needs no more


def clean_field(model: type[models.Model], name: str, text: str):
    """The value a ModelForm would save for this text: its form field's cleaning, then the model field's."""
    field, form_field = _fields(model, name)
    return field.clean(form_field.clean(text), None)


@functools.cache
def _fields(model: type[models.Model], name: str) -> tuple[models.Field, forms.Field]:
    field = model._meta.get_field(name)
    return field, field.formfield()


def name_key(municipality_code: str, name: str) -> tuple[str, str]:
    """What tells schools (the model's constraint) and companies without a CVR number apart: municipality
    and name, in any case and spacing."""
    return municipality_code, single_line(name).casefold()


def pad_postcode(text: str) -> str:
    """A postcode whose leading zero a spreadsheet dropped ("800" for 0800) gets it back."""
    text = text.strip()
    return text.zfill(4) if is_digits(text) and len(text) == 3 else text


def single_line(text: str) -> str:
    """Runs of spaces, tabs and line breaks as one space (names and addresses)."""
    return " ".join(text.split())


def parse_date(text: str) -> datetime.date:
    """A date as dd.mm.yyyy (or with - or /), yyyy-mm-dd, or the day number Excel stores."""
    text = text.strip()
    match = DAY_FIRST.fullmatch(text) or YEAR_FIRST.fullmatch(text)
    if match:
        try:
            return datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            pass
    else:
        match = SERIAL.fullmatch(text)
        if match and int(match["days"]) in EXCEL_SERIALS:
            return EXCEL_EPOCH + datetime.timedelta(days=int(match["days"]))
    raise ValidationError(
        _("“%(value)s” is not a date. Write it as dd.mm.yyyy or yyyy-mm-dd."),
        code="date",
        params={"value": text},
    )


def parse_coordinate(text: str, axis: str) -> Decimal:
    """A latitude or longitude in Denmark in decimal degrees; a Danish decimal comma is fine."""
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ValidationError(
            _("“%(value)s” is not a number of degrees, such as 56,1572."),
            code="coordinate",
            params={"value": text},
        )
    low, high = BOUNDS[axis]
    if not low <= value <= high:
        message = {
            "latitude": _("%(value)s is not a latitude in Denmark (between %(low)s and %(high)s)."),
            "longitude": _("%(value)s is not a longitude in Denmark (between %(low)s and %(high)s)."),
        }[axis]
        raise ValidationError(
            message, code="coordinate_range", params={"value": text, "low": low, "high": high}
        )
    return value.quantize(COORDINATE_PLACES)


def _name_key(name: str) -> str:
    text = " ".join(unicodedata.normalize("NFKC", name).casefold().split())
    text = text.removesuffix(" kommune").replace("å", "aa")
    return text


class MunicipalityLookup:
    """Finds a municipality's four-digit code from a cell: a code (three digits are padded) or a name.

    Names match whatever the case, with or without "Kommune", Århus or Aarhus, and the register's
    genitive ("Københavns Kommune").
    """

    def __init__(self, names_by_code: Mapping[str, str], *, any_code: bool = False):
        self.codes = frozenset(names_by_code)
        self.by_name = {_name_key(name): code for code, name in names_by_code.items()}
        self.any_code = any_code  # accept codes that are not in names_by_code

    def code(self, text: str) -> str:
        text = text.strip()
        if is_digits(text) and len(text) in (3, 4):
            code = text.zfill(4)
            if self.any_code or code in self.codes:
                return code
        elif text:
            key = _name_key(text)
            code = self.by_name.get(key) or (self.by_name.get(key[:-1]) if key.endswith("s") else None)
            if code:
                return code
        raise ValidationError(
            _("“%(value)s” is not a municipality the portal knows. Give its name or its four-digit code."),
            code="municipality",
            params={"value": text},
        )


def _choice_key(text: str) -> str:
    return " ".join(text.split()).casefold().replace("–", "-").replace("—", "-")  # "1–9 ansatte"


class ChoiceLookup:
    """Finds a choice's value from its value, its Danish or English label, or an alias, in any case."""

    def __init__(self, choices: Iterable[tuple[str, str]], aliases: Mapping[str, str] | None = None):
        self.choices = list(choices)
        self.by_text: dict[str, str] = {}
        for value, label in self.choices:
            self.by_text[_choice_key(value)] = value
            for language in ("da", "en"):
                with override(language):
                    text = _choice_key(str(label))
                self.by_text[text] = value
                self.by_text[text.split(" (")[0]] = value  # "Folkeskole (municipal school)"
        for alias, value in (aliases or {}).items():
            self.by_text[_choice_key(alias)] = value

    def value(self, text: str) -> str:
        value = self.by_text.get(_choice_key(text))
        if value is None:
            raise ValidationError(
                _("“%(value)s” is not one of: %(choices)s."),
                code="choice",
                params={"value": text, "choices": ", ".join(str(label) for _value, label in self.choices)},
            )
        return value
