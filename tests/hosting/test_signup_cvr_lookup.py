"""The CVR look-up on the public sign-up: without JS (a submit button), and as JSON for cvr-lookup.js."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from hosting.models import HostSignup
from hosting.services import confirm_signup
from hosting.views import signup
from partnerships.models import MunicipalityGroup
from tests.factories import CompanyFactory, MunicipalityFactory, ProgrammeFactory
from tests.partnerships.cvr_helpers import BRYGHUS, MASKINFABRIK, ODDER_UNIT, SKANDERBORG_UNIT, UNKNOWN

from .hosting_helpers import make_signup, signup_data

pytestmark = pytest.mark.django_db

URL = reverse("hosting:host_signup")
LOOKUP_URL = reverse("hosting:host_signup_cvr_lookup")


def typed(place, **changes):
    """What a person typed before pressing "Fetch from the CVR register": no name or address yet."""
    values = {"name": "", "address": "", "postcode": "", "municipality": "", "cvr": str(MASKINFABRIK)}
    return signup_data(place, **{**values, "cvr_lookup": "1", **changes})


def post_in_english(client, data, **extra):
    with translation.override("en"):
        return client.post(URL, data, HTTP_ACCEPT_LANGUAGE="en", **extra)


def test_without_credentials_the_form_is_as_before(client, settings, municipality):
    settings.CVR_API_USER = settings.CVR_API_PASSWORD = ""
    response = client.get(URL)
    assertNotContains(response, 'name="cvr_lookup"')
    assertNotContains(response, "cvr-lookup.js")
    assertNotContains(response, "data-cvr-")
    assertNotContains(response, 'id="cvr-lookup-status"')


def test_with_credentials_the_button_the_status_and_the_script_are_there(client, municipality, register):
    response = client.get(URL)
    assertContains(response, 'name="cvr_lookup"')
    assertContains(response, 'data-cvr-button="id_cvr"')
    assertContains(response, f'data-cvr-lookup="{LOOKUP_URL}"')
    assertContains(response, '<p id="cvr-lookup-status" class="form-text mt-2" role="status"')
    assertContains(response, "js/cvr-lookup.js")
    assert "<script>" not in response.content.decode()


def test_enter_in_a_field_sends_the_sign_up_rather_than_fetching(client, municipality, register):
    body = client.get(URL).content.decode()
    form = body[body.index('<form method="post"') :]
    first_button = form[form.index("<button") :].split(">", 1)[0]
    assert 'type="submit"' in first_button and "name=" not in first_button


def test_a_lookup_sent_after_the_credentials_went_says_so_and_keeps_the_form(client, settings, municipality):
    settings.CVR_API_USER = settings.CVR_API_PASSWORD = ""
    response = post_in_english(client, typed(municipality, name="Mit Firma"))
    assertContains(response, "The CVR register cannot be asked here")
    assert response.context["form"]["name"].value() == "Mit Firma"
    assert not HostSignup.objects.exists()


def test_the_lookup_asks_for_the_pages_group(client, municipality, register):
    group = MunicipalityGroup.objects.create(name="Gruppe", slug="gruppe")
    group.municipalities.set([municipality])
    response = client.get(URL, {"group": "gruppe"})
    assertContains(response, f'data-cvr-lookup="{LOOKUP_URL}?group=gruppe"')


def test_lookup_without_js_fills_the_form_keeps_the_rest_and_saves_nothing(client, municipality, register):
    programme = ProgrammeFactory()
    response = post_in_english(client, typed(municipality, programmes_of_interest=[programme.pk]))
    assert response.status_code == 200
    assert not HostSignup.objects.exists()
    assert not mail.outbox
    form = response.context["form"]
    assert not form.is_bound
    assert form["name"].value() == "Odder Maskinfabrik A/S"
    assert form["cvr"].value() == str(MASKINFABRIK)
    assert form["address"].value() == "Industrivej 8"
    assert form["postcode"].value() == "8300"
    assert form["municipality"].value() == str(municipality.pk)
    assert (form["contact_name"].value(), form["contact_email"].value()) == (
        "Mette Hansen",
        "mette@example.com",
    )
    assert (form["contact_role"].value(), form["contact_phone"].value()) == ("HR-chef", "+45 12 34 56 78")
    assert (form["sector"].value(), form["hosting_capacity"].value()) == ("manufacturing", "2")
    assert form["programmes_of_interest"].value() == [str(programme.pk)]
    assert form["consent"].value() is True
    assertContains(response, "Filled in from the CVR register: Odder Maskinfabrik A/S")
    assertNotContains(response, 'id="error-summary"')


def test_sending_after_the_lookup_signs_up(client, municipality, register):
    filled = client.post(URL, typed(municipality)).context["form"]
    data = {name: filled[name].value() for name in filled.fields}
    data["consent"] = "on"
    response = client.post(URL, {key: value for key, value in data.items() if value is not None})
    assert response.status_code == 302
    assert HostSignup.objects.get().name == "Odder Maskinfabrik A/S"
    assert len(mail.outbox) == 1


def test_a_municipality_outside_the_pages_group_is_not_filled_in(
    client, municipality, other_municipality, register
):
    group = MunicipalityGroup.objects.create(name="Gruppe", slug="gruppe", is_default=True)
    group.municipalities.set([municipality])
    response = client.post(URL, typed(municipality, cvr=str(BRYGHUS), municipality=str(municipality.pk)))
    form = response.context["form"]
    assert form["name"].value() == "Samsø Bryghus ApS"
    assert form["municipality"].value() == str(municipality.pk)  # as typed: Samsø is not offered


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (str(UNKNOWN), "The CVR register has no company with CVR number 51975278"),
        ("1234", "Type a valid CVR number of 8 digits"),
    ],
)
def test_unknown_and_invalid_numbers_are_said_politely(client, municipality, register, number, message):
    response = post_in_english(client, typed(municipality, cvr=number, name="Mit Firma"))
    assertContains(response, message)
    assert response.context["form"]["name"].value() == "Mit Firma"
    assert response.context["form"]["cvr"].value() == number


def test_register_down_is_said_politely(client, municipality, register):
    register.fail_with(status=503, body=b"down")
    response = post_in_english(client, typed(municipality, name="Mit Firma"))
    assertContains(response, "The CVR register did not answer")
    assert response.context["form"]["name"].value() == "Mit Firma"


def test_a_robot_filling_the_honeypot_gets_no_lookup(client, municipality, register):
    response = client.post(URL, typed(municipality, homepage="http://spam.example", name="Spam"))
    assert response.status_code == 200
    assert register.requests == []
    assert response.context["form"]["name"].value() == "Spam"
    assert not HostSignup.objects.exists()


def test_lookups_without_js_count_toward_the_post_limit(client, settings, municipality, register):
    settings.HOST_SIGNUP_RATE_LIMIT = 1
    statuses = [client.post(URL, typed(municipality)).status_code for _ in range(signup.POSTS_PER_SIGNUP + 1)]
    assert statuses == [200] * signup.POSTS_PER_SIGNUP + [429]


def test_lookups_without_js_share_the_lookup_limit(client, municipality, register, monkeypatch):
    monkeypatch.setattr(signup, "CVR_LOOKUPS_PER_HOUR", 1)
    assert client.get(LOOKUP_URL, {"cvr": str(MASKINFABRIK)}).status_code == 200
    response = post_in_english(client, typed(municipality, name="Mit Firma"))
    assertContains(response, "You have fetched many companies from the CVR register")
    assert response.context["form"]["name"].value() == "Mit Firma"


def test_json_lookup_answers_only_what_the_register_holds(client, municipality, register):
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
    assert set(answer) == {"status", "message", "values"}  # no production units on the public form


def test_json_lookup_says_nothing_of_companies_the_portal_knows(client, municipality, register):
    before = client.get(LOOKUP_URL, {"cvr": str(BRYGHUS)}).json()
    CompanyFactory(cvr=str(BRYGHUS), municipality=municipality, name="Kendt Bryghus")
    after = client.get(LOOKUP_URL, {"cvr": str(BRYGHUS)}).json()
    assert after == before
    assert after["values"]["advertising_protected"] is True
    assert "municipality" not in after["values"]  # Samsø is not among the municipalities here


def test_json_lookup_without_credentials_is_not_there(client, settings, municipality):
    settings.CVR_API_USER = settings.CVR_API_PASSWORD = ""
    assert client.get(LOOKUP_URL, {"cvr": str(MASKINFABRIK)}).status_code == 404


def test_json_lookup_answers_only_get(client, register):
    assert client.post(LOOKUP_URL, {"cvr": str(MASKINFABRIK)}).status_code == 405
    assert register.requests == []


def test_json_lookup_is_rate_limited_per_address(client, municipality, register, monkeypatch):
    monkeypatch.setattr(signup, "CVR_LOOKUPS_PER_HOUR", 2)
    for _ in range(2):
        assert client.get(LOOKUP_URL, {"cvr": str(MASKINFABRIK)}).status_code == 200
    with translation.override("en"):
        response = client.get(LOOKUP_URL, {"cvr": str(MASKINFABRIK)}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert response.json()["message"].startswith("You have fetched many companies")
    other = client.get(LOOKUP_URL, {"cvr": str(MASKINFABRIK)}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_the_lookup_lists_the_registers_production_units_in_the_group(client, municipality, register):
    skanderborg = MunicipalityFactory(name="Skanderborg", code="0746", slug="skanderborg")
    group = MunicipalityGroup.objects.create(name="Gruppe", slug="gruppe", is_default=True)
    group.municipalities.set([municipality])  # Skanderborg's unit is outside the page's group
    response = post_in_english(client, typed(municipality))
    units = response.context["lookup_units"]
    assert len(units) == 1 and str(ODDER_UNIT) in units[0]
    assertContains(response, "They are added to your company when you have confirmed your email address")
    group.municipalities.add(skanderborg)
    assert len(post_in_english(client, typed(municipality)).context["lookup_units"]) == 2


def test_confirming_the_sign_up_adds_the_registers_production_units(
    client, municipality, register, django_capture_on_commit_callbacks
):
    MunicipalityFactory(name="Skanderborg", code="0746", slug="skanderborg")
    filled = client.post(URL, typed(municipality)).context["form"]
    data = {name: filled[name].value() for name in filled.fields}
    data["consent"] = "on"
    client.post(URL, {key: value for key, value in data.items() if value is not None})
    with django_capture_on_commit_callbacks(execute=True):
        signup = confirm_signup(HostSignup.objects.get())
    units = dict(signup.company.production_units.values_list("p_number", "municipality__code"))
    assert units == {str(ODDER_UNIT): "0727", str(SKANDERBORG_UNIT): "0746"}  # the ended unit is left out


def test_a_sign_up_confirmed_without_the_register_gets_no_units(
    settings, municipality, django_capture_on_commit_callbacks
):
    settings.CVR_API_USER = settings.CVR_API_PASSWORD = ""
    signup = make_signup(municipality, cvr=str(MASKINFABRIK))
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = confirm_signup(signup)
    assert confirmed.company is not None and not confirmed.company.production_units.exists()
