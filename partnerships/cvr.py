"""Company look-ups in the CVR register, through the Danish Business Authority's system-to-system access.

The register is an Elasticsearch service (`CVR_API_URL`) with two indices: `virksomhed` (companies, one
document per CVR number) and `produktionsenhed` (production units, one per P-number). Access needs the
user and password Erhvervsstyrelsen hands out; without them the look-up is off and nothing is sent.
Answers, "no such company" included, are cached for a day; a register that does not answer in time is
reported as unavailable, never raised, so forms can ask people to fill in the details by hand.
"""

import base64
import dataclasses
import enum
import http.client
import json
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from brasite.lib.digits import is_digits

from .fields import normalise_cvr, validate_cvr
from .models import Municipality

logger = logging.getLogger(__name__)

CACHE_SECONDS = 24 * 60 * 60
# Bump when CompanyRecord changes, so that no worker unpickles a record of the old shape.
CACHE_VERSION = 1
# A company document asked for only the fields below is a few kilobytes; anything far larger is not one.
MAX_RESPONSE_BYTES = 5 * 1024 * 1024
# The register answers at most this many hits per query.
MAX_UNITS = 3000

COMPANY_FIELDS = [
    "Vrvirksomhed.cvrNummer",
    "Vrvirksomhed.reklamebeskyttet",
    "Vrvirksomhed.penheder",
    "Vrvirksomhed.virksomhedMetadata.nyesteNavn",
    "Vrvirksomhed.virksomhedMetadata.nyesteBeliggenhedsadresse",
]
UNIT_FIELDS = [
    "VrproduktionsEnhed.pNummer",
    "VrproduktionsEnhed.produktionsEnhedMetadata.nyesteNavn",
    "VrproduktionsEnhed.produktionsEnhedMetadata.nyesteBeliggenhedsadresse",
]


@dataclass(frozen=True)
class ProductionUnit:
    p_number: str
    name: str
    address: str
    postcode: str
    municipality_code: str


@dataclass(frozen=True)
class CompanyRecord:
    cvr: str
    name: str
    address: str
    postcode: str
    city: str
    municipality_code: str
    advertising_protected: bool
    production_units: tuple[ProductionUnit, ...] = ()


class LookupStatus(enum.Enum):
    OFF = "off"
    INVALID = "invalid"
    FOUND = "found"
    NOT_FOUND = "not_found"
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class LookupResult:
    status: LookupStatus
    cvr: str
    record: CompanyRecord | None = None

    @property
    def message(self) -> str:
        """What to tell the person who typed the CVR number; empty when there is nothing to say."""
        if self.status is LookupStatus.NOT_FOUND:
            return _(
                "The CVR register has no company with CVR number %(cvr)s. Check the number, "
                "or fill in the company's details by hand."
            ) % {"cvr": self.cvr}
        if self.status is LookupStatus.UNAVAILABLE:
            return _("The CVR register did not answer. Please fill in the company's details by hand.")
        return ""


class RegisterUnavailable(Exception):
    """The register did not answer, refused, or answered something that is not a search result."""


def is_enabled() -> bool:
    return bool(settings.CVR_API_USER and settings.CVR_API_PASSWORD)


def lookup(cvr: str) -> CompanyRecord | None:
    """The company registered under `cvr`, or None (not found, register unavailable or look-up off)."""
    return fetch(cvr).record


def fetch(cvr: str) -> LookupResult:
    """Look `cvr` up in the register, saying whether it was found, unknown, or could not be asked."""
    if not is_enabled():
        return LookupResult(LookupStatus.OFF, cvr)
    cvr = normalise_cvr(cvr)
    try:
        validate_cvr(cvr)
    except ValidationError:
        return LookupResult(LookupStatus.INVALID, cvr)
    key = f"cvr-register:{cvr}"
    result = cache.get(key, version=CACHE_VERSION)
    if result is not None:
        return result
    try:
        record = _query_register(cvr, deadline=time.monotonic() + settings.CVR_API_TIMEOUT)
    except RegisterUnavailable as error:
        logger.warning("CVR register unavailable for %s: %s", cvr, error)
        return LookupResult(LookupStatus.UNAVAILABLE, cvr)
    result = LookupResult(LookupStatus.FOUND if record else LookupStatus.NOT_FOUND, cvr, record)
    cache.set(key, result, CACHE_SECONDS, version=CACHE_VERSION)
    return result


def prefill(record: CompanyRecord, *, municipalities=None) -> dict:
    """Initial values for the company form's fields from a register record.

    The municipality is the one whose code the register gives, if it is among `municipalities`
    (default: all), else None.
    """
    if municipalities is None:
        municipalities = Municipality.objects.all()
    municipality = municipalities.filter(code=record.municipality_code).values_list("pk", flat=True).first()
    return {
        "name": record.name,
        "cvr": record.cvr,
        "address": record.address,
        "postcode": record.postcode,
        "municipality": municipality,
        "advertising_protected": record.advertising_protected,
    }


@dataclass(frozen=True)
class FormLookup:
    """A look-up as a company form uses it: what to say, the fields' new values (only those the register
    gave), and the production units in the portal's municipalities, with the pk of their municipality."""

    status: LookupStatus
    message: str
    values: dict
    production_units: tuple[tuple[ProductionUnit, int], ...] = ()

    def as_json(self) -> dict:
        return {
            "status": self.status.value,
            "message": self.message,
            "values": self.values,
            "production_units": [
                {**dataclasses.asdict(unit), "municipality": municipality, "label": unit_label(unit)}
                for unit, municipality in self.production_units
            ],
        }


def lookup_for_form(cvr: str, *, municipalities=None) -> FormLookup:
    """Look `cvr` up for a company form (the coordinators' and the public sign-up's), in one place.

    `municipalities` are those the form's municipality field offers (default: all).
    """
    result = fetch(cvr)
    if result.status is LookupStatus.OFF:
        return FormLookup(
            result.status, _("The CVR register cannot be asked here. Please fill in the details."), {}
        )
    if result.status is LookupStatus.INVALID:
        return FormLookup(
            result.status,
            _("Type a valid CVR number of 8 digits to fetch the company from the register."),
            {},
        )
    if result.record is None:
        return FormLookup(result.status, result.message, {})
    record = result.record
    values = {
        key: value for key, value in prefill(record, municipalities=municipalities).items() if value != ""
    }
    if values["municipality"] is None:
        del values["municipality"]
    by_code = dict(Municipality.objects.values_list("code", "pk"))
    units = tuple(
        (unit, by_code[unit.municipality_code])
        for unit in record.production_units
        if unit.municipality_code in by_code
    )
    message = _("Filled in from the CVR register: %(name)s. Check the details before you save.") % {
        "name": record.name
    }
    return FormLookup(result.status, message, values, units)


def unit_label(unit: ProductionUnit) -> str:
    """A production unit as a choice on a form: P-number, name and address."""
    place = ", ".join(part for part in (unit.address, unit.postcode) if part)
    return f"{unit.p_number} {unit.name} ({place})" if place else f"{unit.p_number} {unit.name}"


def format_address(address: dict) -> str:
    """A register address as Danes write it, e.g. "Vestergade 12A, 2. tv" (floor "st", "kl" or a number)."""
    street = _text(address.get("vejnavn"))
    if not street:
        return _text(address.get("fritekst"))
    number = _text(address.get("husnummerFra")) + _text(address.get("bogstavFra"))
    number_to = _text(address.get("husnummerTil")) + _text(address.get("bogstavTil"))
    if number and number_to:
        number = f"{number}-{number_to}"
    line = f"{street} {number}".strip()
    floor = _text(address.get("etage"))
    door = _text(address.get("sidedoer"))
    unit = " ".join(part for part in (f"{floor}." if floor else "", door) if part)
    return f"{line}, {unit}" if unit else line


def _query_register(cvr: str, *, deadline: float) -> CompanyRecord | None:
    body = {
        "_source": COMPANY_FIELDS,
        "query": {"term": {"Vrvirksomhed.cvrNummer": int(cvr)}},
        "size": 1,
    }
    hits = _search("virksomhed", body, deadline=deadline)
    if not hits:
        return None
    try:
        company = hits[0]["_source"]["Vrvirksomhed"]
        metadata = company["virksomhedMetadata"]
        address = metadata.get("nyesteBeliggenhedsadresse") or {}
        p_numbers = [unit["pNummer"] for unit in company.get("penheder") or [] if _is_current(unit)]
        record = {
            "cvr": cvr,
            "name": _text((metadata.get("nyesteNavn") or {}).get("navn")),
            "address": format_address(address),
            "postcode": _postcode(address),
            "city": _text(address.get("postdistrikt")),
            "municipality_code": _municipality_code(address),
            "advertising_protected": company.get("reklamebeskyttet") is True,
        }
    except (KeyError, IndexError, TypeError, AttributeError, ValueError) as error:
        raise RegisterUnavailable(f"unexpected company document ({error!r})") from error
    if len(p_numbers) > MAX_UNITS:
        logger.warning(
            "CVR %s has %d production units; only the first %d are read.", cvr, len(p_numbers), MAX_UNITS
        )
        p_numbers = p_numbers[:MAX_UNITS]
    units = _production_units(p_numbers, deadline=deadline) if p_numbers else ()
    return CompanyRecord(**record, production_units=units)


def _production_units(p_numbers: list, *, deadline: float) -> tuple[ProductionUnit, ...]:
    body = {
        "_source": UNIT_FIELDS,
        "query": {"terms": {"VrproduktionsEnhed.pNummer": p_numbers}},
        "size": len(p_numbers),
    }
    units = []
    try:
        for hit in _search("produktionsenhed", body, deadline=deadline):
            unit = hit["_source"]["VrproduktionsEnhed"]
            metadata = unit["produktionsEnhedMetadata"]
            address = metadata.get("nyesteBeliggenhedsadresse") or {}
            units.append(
                ProductionUnit(
                    p_number=_p_number(unit["pNummer"]),
                    name=_text((metadata.get("nyesteNavn") or {}).get("navn")),
                    address=format_address(address),
                    postcode=_postcode(address),
                    municipality_code=_municipality_code(address),
                )
            )
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise RegisterUnavailable(f"unexpected production unit document ({error!r})") from error
    return tuple(sorted(units, key=lambda unit: unit.p_number))


def _search(index: str, body: dict, *, deadline: float) -> list:
    """The hits of one search in `index`; raises RegisterUnavailable for anything but a search result."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise RegisterUnavailable("no time left for the next request")
    credentials = f"{settings.CVR_API_USER}:{settings.CVR_API_PASSWORD}".encode()
    request = urllib.request.Request(
        f"{settings.CVR_API_URL.rstrip('/')}/{index}/_search",
        data=json.dumps(body).encode(),
        headers={
            "Authorization": "Basic " + base64.b64encode(credentials).decode("ascii"),
            "Content-Type": "application/json",
            "Accept": "application/json",
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=remaining) as response:
            content = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise RegisterUnavailable(f"HTTP {error.code} from {index}") from error
    except (OSError, http.client.HTTPException) as error:  # refused, timed out, cut off
        raise RegisterUnavailable(f"{index}: {error!r}") from error
    if len(content) > MAX_RESPONSE_BYTES:
        raise RegisterUnavailable(f"{index} answered more than {MAX_RESPONSE_BYTES} bytes")
    try:
        hits = json.loads(content)["hits"]["hits"]
    except (ValueError, KeyError, TypeError) as error:
        raise RegisterUnavailable(f"{index} answered no search result ({error!r})") from error
    if not isinstance(hits, list) or not all(isinstance(hit, dict) for hit in hits):
        raise RegisterUnavailable(f"{index} answered hits that are not documents")
    return hits


def _is_current(period_holder: dict) -> bool:
    return (period_holder.get("periode") or {}).get("gyldigTil") is None


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _postcode(address: dict) -> str:
    postcode = _text(address.get("postnummer"))
    return postcode.zfill(4) if is_digits(postcode) else postcode


def _municipality_code(address: dict) -> str:
    """The four-digit kommunekode; the register sends it as a number (751 for Aarhus)."""
    code = _text((address.get("kommune") or {}).get("kommuneKode"))
    return code.zfill(4) if is_digits(code) else ""


def _p_number(value) -> str:
    p_number = _text(value)
    if not is_digits(p_number) or len(p_number) > 10:
        raise ValueError(f"P-number {value!r} is not up to 10 digits")
    return p_number.zfill(10)
