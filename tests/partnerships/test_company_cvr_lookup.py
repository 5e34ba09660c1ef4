"""The CVR look-up on the company form: without JS (a submit button), and as JSON for cvr-lookup.js."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from partnerships.models import Company, ProductionUnit, User
from partnerships.views import organisations
from tests.factories import CompanyFactory, MunicipalityFactory, UserFactory

from .cvr_helpers import BRYGHUS, MASKINFABRIK, SKANDERBORG_UNIT, UNKNOWN

pytestmark = pytest.mark.django_db

LOOKUP_URL = reverse("partnerships:company_cvr_lookup")
CREATE_URL = reverse("partnerships:company_create")


@pytest.fixture
def skanderborg(db):
    return MunicipalityFactory(name="Skanderborg", code="0746", slug="skanderborg")


def typed(**changes):
    """What a coordinator typed before pressing "Fetch from the CVR register"."""
    values = {
        "name": "",
        "cvr": str(MASKINFABRIK),
        "kind": "company",
        "municipality": "",
        "sector": "food",
        "website": "https://maskinfabrik.example.dk",
        "host_status": "approved",
        "hosting_capacity": "4",
        "cvr_lookup": "1",
    }
    return {**values, **changes}


def test_without_credentials_the_button_is_not_shown(client, coordinator, settings):
    settings.CVR_API_USER = settings.CVR_API_PASSWORD = ""
    client.force_login(coordinator)
    response = client.get(CREATE_URL)
    assertNotContains(response, 'name="cvr_lookup"')
    assertNotContains(response, "cvr-lookup.js")
    assertNotContains(response, "data-cvr-lookup")


def test_with_credentials_the_button_and_the_script_are_there(client, coordinator, register):
    client.force_login(coordinator)
    response = client.get(CREATE_URL)
    assertContains(response, 'name="cvr_lookup"')
    assertContains(response, "js/cvr-lookup.js")
    assertContains(response, f'data-cvr-lookup="{LOOKUP_URL}"')
    assertContains(response, 'aria-live="polite"')


def test_lookup_without_js_fills_the_form_and_keeps_what_was_typed(
    client, english, coordinator, municipality, skanderborg, register
):
    client.force_login(coordinator)
    response = client.post(CREATE_URL, typed())
    assert response.status_code == 200
    assert not Company.objects.exists()
    form = response.context["form"]
    assert not form.is_bound
    assert form["name"].value() == "Odder Maskinfabrik A/S"
    assert form["address"].value() == "Industrivej 8"
    assert form["postcode"].value() == "8300"
    assert form["municipality"].value() == str(municipality.pk)
    assert form["advertising_protected"].value() is False
    assert (form["sector"].value(), form["website"].value()) == ("food", "https://maskinfabrik.example.dk")
    assert form["hosting_capacity"].value() == "4"
    assert form["production_units"].value() == ["1018234567", "1020345678"]
    assertContains(response, "Filled in from the CVR register: Odder Maskinfabrik A/S")
    assertContains(response, "Odder Maskinfabrik, afd. Skanderborg")
    assertNotContains(response, 'id="error-summary"')


def test_saving_after_the_lookup_stores_the_ticked_production_units(
    client, coordinator, municipality, skanderborg, register
):
    client.force_login(coordinator)
    data = typed(
        name="Odder Maskinfabrik A/S", municipality=municipality.pk, production_units=[SKANDERBORG_UNIT]
    )
    del data["cvr_lookup"]
    response = client.post(CREATE_URL, data)
    company = Company.objects.get()
    assertRedirects(response, company.get_absolute_url())
    unit = ProductionUnit.objects.get()
    assert (unit.company, unit.p_number, unit.municipality, unit.address, unit.postcode) == (
        company,
        "1020345678",
        skanderborg,
        "Vestergade 21A, 2. th",
        "8660",
    )
    assert unit.history.count() == 1


def test_lookup_on_the_edit_form_keeps_the_loaded_version(client, coordinator, municipality, register):
    company = CompanyFactory(cvr=str(MASKINFABRIK), name="Maskinfabrikken", municipality=municipality)
    client.force_login(coordinator)
    url = reverse("partnerships:company_update", args=[company.pk])
    response = client.post(url, typed(name="Maskinfabrikken", version=company.version))
    form = response.context["form"]
    assert form["name"].value() == "Odder Maskinfabrik A/S"
    assert form["version"].value() == str(company.version)
    company.refresh_from_db()
    assert company.name == "Maskinfabrikken"


def test_the_municipality_is_left_as_typed_when_the_register_names_one_the_user_cannot_choose(
    client, coordinator, municipality, register
):
    client.force_login(coordinator)
    response = client.post(CREATE_URL, typed(cvr=str(BRYGHUS), municipality=municipality.pk))
    form = response.context["form"]
    assert form["name"].value() == "Samsø Bryghus ApS"
    assert form["municipality"].value() == str(municipality.pk)
    assert form["advertising_protected"].value() is True
    assert "production_units" not in form.fields


def test_unknown_cvr_says_so_and_keeps_the_typed_values(client, english, coordinator, register):
    client.force_login(coordinator)
    response = client.post(CREATE_URL, typed(cvr=str(UNKNOWN), name="Mit Firma"))
    assertContains(response, "The CVR register has no company with CVR number 51975278")
    assert response.context["form"]["name"].value() == "Mit Firma"


def test_register_down_says_so(client, english, coordinator, register):
    register.fail_with(status=503, body=b"down")
    client.force_login(coordinator)
    response = client.post(CREATE_URL, typed(name="Mit Firma"))
    assertContains(response, "The CVR register did not answer")
    assert response.context["form"]["name"].value() == "Mit Firma"


def test_invalid_cvr_is_not_looked_up(client, english, coordinator, register):
    client.force_login(coordinator)
    response = client.post(CREATE_URL, typed(cvr="1234"))
    assertContains(response, "Type a valid CVR number of 8 digits")
    assert register.requests == []


def test_json_lookup_answers_values_and_units(client, coordinator, municipality, skanderborg, register):
    client.force_login(coordinator)
    answer = client.get(LOOKUP_URL, {"cvr": f"DK {MASKINFABRIK}"}).json()
    assert answer["status"] == "found"
    assert answer["values"] == {
        "name": "Odder Maskinfabrik A/S",
        "cvr": "37160474",
        "address": "Industrivej 8",
        "postcode": "8300",
        "municipality": municipality.pk,
        "advertising_protected": False,
    }
    assert [(u["p_number"], u["municipality"]) for u in answer["production_units"]] == [
        ("1018234567", municipality.pk),
        ("1020345678", skanderborg.pk),
    ]
    assert answer["production_units"][1]["label"] == (
        "1020345678 Odder Maskinfabrik, afd. Skanderborg (Vestergade 21A, 2. th, 8660)"
    )


def test_json_lookup_without_credentials_is_off(client, coordinator, settings):
    settings.CVR_API_USER = settings.CVR_API_PASSWORD = ""
    client.force_login(coordinator)
    answer = client.get(LOOKUP_URL, {"cvr": str(MASKINFABRIK)}).json()
    assert (answer["status"], answer["values"]) == ("off", {})


def test_json_lookup_asks_anonymous_visitors_to_log_in(client, register):
    response = client.get(LOOKUP_URL, {"cvr": str(MASKINFABRIK)})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert register.requests == []


@pytest.mark.parametrize("role", [User.Role.COMPANY, User.Role.VIEWER])
def test_json_lookup_is_refused_to_company_users_and_viewers(client, role, company, register):
    client.force_login(UserFactory(role=role, company=company if role == User.Role.COMPANY else None))
    assert client.get(LOOKUP_URL, {"cvr": str(MASKINFABRIK)}).status_code == 403
    assert register.requests == []


def test_json_lookup_is_rate_limited(client, english, coordinator, register, monkeypatch):
    monkeypatch.setattr(organisations, "CVR_LOOKUPS_PER_MINUTE", 2)
    client.force_login(coordinator)
    for _ in range(2):
        assert client.get(LOOKUP_URL, {"cvr": str(MASKINFABRIK)}).json()["status"] == "found"
    answer = client.get(LOOKUP_URL, {"cvr": str(MASKINFABRIK)}).json()
    assert answer["status"] == "unavailable"
    assert "Too many look-ups" in answer["message"]
