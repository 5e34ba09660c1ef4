import base64
import logging
import time

import pytest
from django.core.cache import cache
from django.utils import translation

from partnerships import cvr
from partnerships.cvr import CompanyRecord, LookupStatus, ProductionUnit
from partnerships.models import Municipality
from tests.factories import MunicipalityFactory
from tests.test_operations import run_python

from .cvr_helpers import (
    BRYGHUS,
    MASKINFABRIK,
    ODDER_UNIT,
    PASSWORD,
    SKANDERBORG_UNIT,
    UNKNOWN,
    USER,
)


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_found_company_has_its_newest_name_and_address(register):
    record = cvr.lookup(str(MASKINFABRIK))
    assert (record.cvr, record.name, record.address, record.postcode, record.city) == (
        "37160474",
        "Odder Maskinfabrik A/S",
        "Industrivej 8",
        "8300",
        "Odder",
    )
    assert record.municipality_code == "0727"
    assert record.advertising_protected is False


def test_request_carries_basic_credentials_and_a_term_query_on_the_cvr_number(register):
    cvr.lookup(f"DK {MASKINFABRIK}")
    company_request = register.requests[0]
    assert company_request["path"] == "/cvr-permanent/virksomhed/_search"
    expected = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    assert company_request["headers"]["Authorization"] == f"Basic {expected}"
    assert company_request["headers"]["Content-Type"] == "application/json"
    assert company_request["body"]["query"] == {"term": {"Vrvirksomhed.cvrNummer": MASKINFABRIK}}
    assert company_request["body"]["size"] == 1
    assert "Vrvirksomhed.virksomhedMetadata.nyesteBeliggenhedsadresse" in company_request["body"]["_source"]


def test_production_units_are_the_current_ones_in_two_municipalities(register):
    record = cvr.lookup(str(MASKINFABRIK))
    assert record.production_units == (
        ProductionUnit("1018234567", "Odder Maskinfabrik A/S", "Industrivej 8", "8300", "0727"),
        ProductionUnit(
            "1020345678", "Odder Maskinfabrik, afd. Skanderborg", "Vestergade 21A, 2. th", "8660", "0746"
        ),
    )
    unit_request = register.requests[1]
    assert unit_request["path"] == "/cvr-permanent/produktionsenhed/_search"
    assert unit_request["body"]["query"] == {
        "terms": {"VrproduktionsEnhed.pNummer": [ODDER_UNIT, SKANDERBORG_UNIT]}
    }
    assert unit_request["body"]["size"] == 2


def test_advertising_protected_company_is_flagged(register):
    record = cvr.lookup(str(BRYGHUS))
    assert record.advertising_protected is True
    assert (record.name, record.municipality_code) == ("Samsø Bryghus ApS", "0741")


def test_company_without_production_units_needs_one_request(register):
    assert cvr.lookup(str(BRYGHUS)).production_units == ()
    assert len(register.requests) == 1


def test_unknown_cvr_is_not_found(register):
    result = cvr.fetch(str(UNKNOWN))
    assert result.status is LookupStatus.NOT_FOUND
    assert result.record is None
    assert "51975278" in result.message
    assert cvr.lookup(str(UNKNOWN)) is None


def test_answers_are_cached(register):
    first = cvr.lookup(str(MASKINFABRIK))
    assert len(register.requests) == 2
    assert cvr.lookup(f"{MASKINFABRIK}") == first
    assert len(register.requests) == 2


def test_not_found_is_cached_too(register):
    cvr.fetch(str(UNKNOWN))
    assert cvr.fetch(str(UNKNOWN)).status is LookupStatus.NOT_FOUND
    assert len(register.requests) == 1


def test_without_credentials_the_lookup_is_off_and_sends_nothing(register, settings):
    settings.CVR_API_PASSWORD = ""
    assert not cvr.is_enabled()
    result = cvr.fetch(str(MASKINFABRIK))
    assert result.status is LookupStatus.OFF
    assert result.message == ""
    assert cvr.lookup(str(MASKINFABRIK)) is None
    assert register.requests == []


def test_settings_come_from_the_environment_and_default_to_off():
    code = (
        "from django.conf import settings as s; print(s.CVR_API_URL, repr(s.CVR_API_USER), s.CVR_API_TIMEOUT)"
    )
    default = run_python(code, CVR_API_USER="", CVR_API_PASSWORD="")
    assert default.stdout.split() == ["http://distribution.virk.dk/cvr-permanent", "''", "3"]
    configured = run_python(
        code, CVR_API_URL="http://cvr.test/cvr-permanent", CVR_API_USER="u", CVR_API_TIMEOUT="5"
    )
    assert configured.stdout.split() == ["http://cvr.test/cvr-permanent", "'u'", "5"]


def test_a_timeout_of_zero_seconds_is_refused():
    result = run_python("", CVR_API_TIMEOUT="0")
    assert result.returncode != 0
    assert "CVR_API_TIMEOUT must be at least 1 second" in result.stderr


@pytest.mark.parametrize("user, password", [("", ""), (USER, ""), ("", PASSWORD)])
def test_lookup_needs_user_and_password(settings, user, password):
    settings.CVR_API_USER, settings.CVR_API_PASSWORD = user, password
    assert cvr.is_enabled() is False


def test_invalid_cvr_is_not_sent(register):
    assert cvr.fetch("37160475").status is LookupStatus.INVALID
    assert cvr.fetch("1234").status is LookupStatus.INVALID
    assert register.requests == []


def test_register_slower_than_the_timeout_is_unavailable(register, settings, caplog):
    settings.CVR_API_TIMEOUT = 0.3
    register.fail_with(delay=5)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="partnerships.cvr"):
        result = cvr.fetch(str(MASKINFABRIK))
    assert time.monotonic() - started < 2
    assert result.status is LookupStatus.UNAVAILABLE
    with translation.override("en"):
        assert "fill in the company's details by hand" in result.message
    assert "CVR register unavailable for 37160474" in caplog.text


@pytest.mark.parametrize(
    "status, body",
    [
        (500, b'{"error": "internal"}'),
        (503, b"<html>Service Unavailable</html>"),
        (200, b"<html>not json</html>"),
        (200, b'{"hits": {"total": 1, "hits"'),
        (200, b"\xff\xfe garbage"),
        (200, b'{"error": {"type": "search_phase_execution_exception"}}'),
        (200, b'{"hits": {"total": 1, "hits": [{"_source": {"Vrvirksomhed": {"cvrNummer": 37160474}}}]}}'),
        (200, b'{"hits": {"hits": ["37160474"]}}'),
    ],
)
def test_errors_and_garbage_make_the_register_unavailable(register, caplog, status, body):
    register.fail_with(status=status, body=body)
    with caplog.at_level(logging.WARNING, logger="partnerships.cvr"):
        result = cvr.fetch(str(MASKINFABRIK))
    assert result.status is LookupStatus.UNAVAILABLE
    assert cvr.lookup(str(MASKINFABRIK)) is None
    assert "CVR register unavailable" in caplog.text


def test_wrong_credentials_make_the_register_unavailable(register, settings, caplog):
    settings.CVR_API_PASSWORD = "wrong"
    with caplog.at_level(logging.WARNING, logger="partnerships.cvr"):
        assert cvr.fetch(str(MASKINFABRIK)).status is LookupStatus.UNAVAILABLE
    assert "HTTP 401" in caplog.text
    assert "wrong" not in caplog.text


def test_register_that_is_not_running_is_unavailable(register):
    register.stop()
    assert cvr.fetch(str(MASKINFABRIK)).status is LookupStatus.UNAVAILABLE


def test_unavailable_is_not_cached(register):
    register.fail_with(status=500, body=b"{}")
    assert cvr.fetch(str(MASKINFABRIK)).status is LookupStatus.UNAVAILABLE
    register.failure = None
    assert cvr.fetch(str(MASKINFABRIK)).status is LookupStatus.FOUND


def test_failing_production_unit_request_makes_the_register_unavailable(register):
    register.units.clear()
    register.units[ODDER_UNIT] = {"pNummer": ODDER_UNIT}  # no produktionsEnhedMetadata
    assert cvr.fetch(str(MASKINFABRIK)).status is LookupStatus.UNAVAILABLE


@pytest.mark.parametrize(
    "parts, expected",
    [
        ({"vejnavn": "Industrivej", "husnummerFra": 8}, "Industrivej 8"),
        ({"vejnavn": "Vestergade", "husnummerFra": 21, "bogstavFra": "A"}, "Vestergade 21A"),
        (
            {"vejnavn": "Vestergade", "husnummerFra": 21, "etage": "2", "sidedoer": "tv"},
            "Vestergade 21, 2. tv",
        ),
        (
            {"vejnavn": "Gammel Strandvej", "husnummerFra": 16, "etage": "st", "sidedoer": "th"},
            "Gammel Strandvej 16, st. th",
        ),
        ({"vejnavn": "Søndergade", "husnummerFra": 3, "etage": "kl"}, "Søndergade 3, kl."),
        ({"vejnavn": "Havnegade", "husnummerFra": 4, "etage": None, "sidedoer": "1115"}, "Havnegade 4, 1115"),
        ({"vejnavn": "Grønttorvet", "husnummerFra": 8, "husnummerTil": 20}, "Grønttorvet 8-20"),
        (
            {
                "vejnavn": "Grønttorvet",
                "husnummerFra": 8,
                "bogstavFra": "B",
                "husnummerTil": 8,
                "bogstavTil": "D",
            },
            "Grønttorvet 8B-8D",
        ),
        ({"vejnavn": "Ved Hegnet", "husnummerFra": None, "bogstavFra": None}, "Ved Hegnet"),
        ({"vejnavn": None, "fritekst": "Postboks 100, Nuuk"}, "Postboks 100, Nuuk"),
        ({}, ""),
    ],
)
def test_address_is_written_as_danes_write_it(parts, expected):
    assert cvr.format_address(parts) == expected


def record(**changes):
    values = {
        "cvr": "37160474",
        "name": "Odder Maskinfabrik A/S",
        "address": "Industrivej 8",
        "postcode": "8300",
        "city": "Odder",
        "municipality_code": "0727",
        "advertising_protected": False,
    }
    return CompanyRecord(**{**values, **changes})


@pytest.mark.django_db
def test_prefill_gives_the_company_form_fields_with_the_municipality_by_code():
    odder = MunicipalityFactory(name="Odder", code="0727", slug="odder")
    assert cvr.prefill(record()) == {
        "name": "Odder Maskinfabrik A/S",
        "cvr": "37160474",
        "address": "Industrivej 8",
        "postcode": "8300",
        "municipality": odder.pk,
        "advertising_protected": False,
    }


@pytest.mark.django_db
def test_prefill_leaves_an_unknown_municipality_empty():
    MunicipalityFactory(name="Odder", code="0727", slug="odder")
    assert cvr.prefill(record(municipality_code="0101"))["municipality"] is None
    assert cvr.prefill(record(municipality_code=""))["municipality"] is None


@pytest.mark.django_db
def test_prefill_picks_only_from_the_municipalities_given():
    MunicipalityFactory(name="Odder", code="0727", slug="odder")
    samsoe = MunicipalityFactory(name="Samsø", code="0741", slug="samsoe")
    choices = Municipality.objects.filter(pk=samsoe.pk)
    assert cvr.prefill(record(), municipalities=choices)["municipality"] is None
    assert cvr.prefill(record(municipality_code="0741"), municipalities=choices)["municipality"] == samsoe.pk
