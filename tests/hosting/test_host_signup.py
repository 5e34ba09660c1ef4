import datetime
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertRedirects

from hosting.forms import HostSignupForm
from hosting.models import HostSignup
from hosting.services import signup_token
from partnerships.models import Company, ContactPerson, Programme, RateLimitHit, User
from tests.factories import CompanyFactory, MunicipalityFactory, ProgrammeFactory, UserFactory

from .hosting_helpers import VALID_CVR, last_link, make_signup, signup_data

pytestmark = pytest.mark.django_db
URL = reverse("hosting:host_signup")


@pytest.fixture
def coordinator(municipality):
    return UserFactory(role=User.Role.COORDINATOR, municipalities=[municipality], email="koord@odder.dk")


def test_page_is_public_and_explains_hosting(client, municipality):
    ProgrammeFactory(name="HOP-IN", slug="hop-in")
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<h1") == 1
    assert "7th-grade class" in body or "7. klasse" in body
    assert reverse("privacy:privacy_notice") in body
    assert "<script>" not in body and "style=" not in body


def test_hosting_text_follows_the_kind_of_work_not_the_slug(client, municipality):
    ProgrammeFactory(
        name="Uge i produktionen", slug="uge-i-produktionen", work_kind=Programme.WorkKind.HOPIN,
        short_description_en="A week of production for the 7th grade.",
    )  # fmt: skip
    ProgrammeFactory(name="Lokalt netværk", slug="netvaerk", short_description_en="Schools meet companies.")
    ProgrammeFactory(name="Uden tekst", slug="uden-tekst")
    with translation.override("en"):
        response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
        roles = {programme.slug: str(role) for programme, role in response.context["programmes"]}
    assert roles["uge-i-produktionen"].startswith("For one week, a 7th-grade class works with production")
    assert roles["netvaerk"] == "Schools meet companies."  # no kind of work: its own description
    assert roles["uden-tekst"] == ""
    assertContains(response, "For one week, a 7th-grade class")


def test_form_fields_carry_the_model_field_names(client, municipality):
    ProgrammeFactory()
    body = client.get(URL).content.decode()
    for name in (
        "name",
        "cvr",
        "kind",
        "address",
        "postcode",
        "municipality",
        "sector",
        "employee_band",
        "website",
        "hosting_capacity",
        "programmes_of_interest",
        "contact_name",
        "contact_email",
        "contact_phone",
        "consent",
    ):
        assert f'name="{name}"' in body, name


def test_valid_signup_is_stored_and_sends_a_confirmation_link(client, settings, municipality, coordinator):
    settings.SITE_URL = "https://portal.example.dk"
    programme = ProgrammeFactory()
    response = client.post(URL, signup_data(municipality, programmes_of_interest=[programme.pk]))
    assertRedirects(response, reverse("hosting:host_signup_sent"))
    signup = HostSignup.objects.get()
    assert signup.cvr == VALID_CVR
    assert signup.contact_phone == "+45 12 34 56 78"
    assert signup.website == "https://odder-maskinfabrik.dk"
    assert signup.status == HostSignup.Status.UNVERIFIED
    assert signup.consented_at is not None
    assert list(signup.programmes_of_interest.all()) == [programme]
    assert not Company.objects.exists()  # nothing reaches the coordinators before confirmation
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mette@example.com"]
    assert last_link("mette@example.com").startswith("https://portal.example.dk/hosts/confirm/")


def test_confirmation_email_is_in_the_submitters_language(client, municipality):
    client.post(URL, signup_data(municipality), HTTP_ACCEPT_LANGUAGE="da")
    client.post(URL, signup_data(municipality, contact_email="eng@example.com"), HTTP_ACCEPT_LANGUAGE="en")
    assert HostSignup.objects.get(contact_email="eng@example.com").language == "en"
    english = mail.outbox[1]
    assert english.subject == "Confirm your sign-up as host company"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("cvr", "12345678", "check digit"),
        ("cvr", "1234", "exactly 8 digits"),
        ("cvr", "02345678", "cannot start with 0"),
        ("postcode", "830", "4 digits"),
        ("postcode", "83OO", "4 digits"),
        ("contact_phone", "12 34", "Danish phone number"),
        ("contact_email", "mette@", "valid email"),
        ("contact_email", "", "required"),
        ("name", "", "required"),
        ("name", "x" * 500, "at most 200 characters"),
        ("address", "y" * 5000, "at most 200 characters"),
        ("hosting_capacity", "51", "less than or equal to 50"),
        ("hosting_capacity", "-1", "greater than or equal to 0"),
        ("hosting_capacity", "many", "whole number"),
        ("website", "not a url", "valid URL"),
        ("kind", "spaceship", "valid choice"),
        ("municipality", "999999", "valid choice"),
        ("consent", None, "agree to the processing"),
    ],
)
def test_invalid_field_is_refused_and_everything_typed_is_kept(client, municipality, field, value, message):
    data = signup_data(municipality, **{field: value})
    with translation.override("en"):
        response = client.post(URL, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assertContains(response, message)
    assert response.context["form"].errors[field]
    body = response.content.decode()
    assert 'value="Mette Hansen"' in body or field == "contact_name"
    assert 'value="Rosensgade 1"' in body or field == "address"
    assert not HostSignup.objects.exists()
    assert not mail.outbox


def test_signup_page_is_danish_by_default(client, municipality):
    """Passes once the Danish translations of issue 5 are in locale/ (see /tmp/tr/issue5.py)."""
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="da")
    assertContains(response, "<h1>Bliv værtsvirksomhed</h1>", html=False)
    assertContains(response, "Send tilmelding")


def test_cvr_errors_are_danish_by_default(client, municipality):
    response = client.post(URL, signup_data(municipality, cvr="12345678"), HTTP_ACCEPT_LANGUAGE="da")
    assertContains(response, "kontrolcifferet")


def test_missing_municipality_is_suggested_from_the_postcode(client, municipality):
    response = client.post(URL, signup_data(municipality, municipality="", postcode="8350"))
    form = response.context["form"]
    assert "municipality" in form.errors
    assert f'<option value="{municipality.pk}" selected>' in response.content.decode()
    assert not HostSignup.objects.exists()
    # Sent again as shown, the suggestion is accepted.
    response = client.post(URL, signup_data(municipality, postcode="8350"))
    assert HostSignup.objects.get().municipality == municipality


def test_postcode_outside_the_region_suggests_nothing(municipality):
    form = HostSignupForm(signup_data(municipality, municipality="", postcode="2100"))
    assert not form.is_valid()
    assert form.errors["municipality"] == [form.fields["municipality"].error_messages["required"]]


def test_postcode_map_is_offered_to_the_script(client, municipality):
    form = HostSignupForm()
    assert form.municipality_by_postcode["8350"] == municipality.pk
    assert "8300" not in form.municipality_by_postcode  # Odder's postcode reaches Aarhus too


def test_a_postcode_shared_by_two_municipalities_suggests_neither(client, municipality):
    response = client.post(URL, signup_data(municipality, municipality="", postcode="8300"))
    assert response.context["form"].errors["municipality"] == [
        response.context["form"].fields["municipality"].error_messages["required"]
    ]
    assert "data-municipality-map" in client.get(URL).content.decode()


def test_honeypot_pretends_success_but_stores_and_sends_nothing(client, municipality):
    response = client.post(URL, signup_data(municipality, homepage="http://spam.example"))
    assertRedirects(response, reverse("hosting:host_signup_sent"))
    assert not HostSignup.objects.exists()
    assert not mail.outbox


def test_rate_limit_per_address_gives_a_polite_429(client, settings, municipality):
    settings.HOST_SIGNUP_RATE_LIMIT = 2
    for number in range(2):
        response = client.post(URL, signup_data(municipality, contact_email=f"p{number}@example.com"))
        assert response.status_code == 302
    response = client.post(URL, signup_data(municipality, contact_email="p3@example.com"))
    assert response.status_code == 429
    assertContains(response, "<h1", count=1, status_code=429)
    assert HostSignup.objects.count() == 2
    # Another address is not affected, and the limit lifts after an hour.
    assert client.post(URL, signup_data(municipality), REMOTE_ADDR="10.0.0.9").status_code == 302
    with time_machine.travel(datetime.timedelta(hours=1, minutes=1)):
        assert client.post(URL, signup_data(municipality, contact_email="p4@example.com")).status_code == 302


def test_rate_limit_keeps_no_plain_ip_address(client, municipality):
    client.post(URL, signup_data(municipality), REMOTE_ADDR="192.0.2.44")
    hits = RateLimitHit.objects.all()
    assert hits and all("192.0.2.44" not in hit.key and len(hit.key) == 64 for hit in hits)


def test_rate_limit_reads_the_proxy_header_when_configured(client, settings, municipality):
    settings.HOST_SIGNUP_RATE_LIMIT = 1
    settings.RATE_LIMIT_PROXY_COUNT = 1
    client.post(URL, signup_data(municipality), HTTP_X_FORWARDED_FOR="198.51.100.1")
    second = client.post(URL, signup_data(municipality), HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert second.status_code == 302


def test_known_cvr_creates_no_company_and_the_public_learns_nothing_of_it(
    client, municipality, other_municipality, coordinator, django_capture_on_commit_callbacks
):
    unknown = client.post(URL, signup_data(municipality, cvr="62601817"), follow=True)
    existing = CompanyFactory(cvr=VALID_CVR, municipality=other_municipality, name="Kendt A/S")
    UserFactory(role=User.Role.COORDINATOR, municipalities=[other_municipality], email="koord@samsoe.dk")
    known = client.post(URL, signup_data(municipality, contact_email="other@example.com"), follow=True)

    def without_tokens(response):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())

    assert without_tokens(known) == without_tokens(unknown)  # the same answer for a known CVR number
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(urlparse(last_link("other@example.com")).path, follow=True)
    page = confirmed.content.decode()
    assert "Kendt A/S" not in page and other_municipality.name not in page
    assert municipality.name in page  # the municipality the person chose, as for any sign-up
    signup = HostSignup.objects.get(cvr=VALID_CVR)
    assert signup.status == HostSignup.Status.KNOWN
    assert signup.company == existing
    assert not Company.objects.filter(cvr=VALID_CVR).exclude(pk=existing.pk).exists()
    assert not ContactPerson.objects.filter(company=existing).exists()
    notice = [m for m in mail.outbox if m.to == ["koord@samsoe.dk"]]
    assert len(notice) == 1
    assert "Kendt A/S" in notice[0].subject
    assert "other@example.com" in notice[0].body
    assert f"/companies/{existing.pk}/" in notice[0].body


def test_confirmation_page_asks_before_changing_anything(client, municipality):
    signup = make_signup(municipality)
    url = reverse("hosting:host_signup_confirm", args=[signup_token(signup)])
    response = client.get(url)
    assertContains(response, "Confirm" if "Confirm" in response.content.decode() else "Bekræft")
    signup.refresh_from_db()
    assert signup.status == HostSignup.Status.UNVERIFIED


def test_confirmation_creates_pending_company_and_notifies_the_coordinator(
    client, settings, municipality, coordinator, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://portal.example.dk"
    other_coordinator = UserFactory(role=User.Role.COORDINATOR, municipalities=[MunicipalityFactory()])
    programme = ProgrammeFactory()
    signup = make_signup(municipality, hosting_capacity=3)
    signup.programmes_of_interest.set([programme])
    url = reverse("hosting:host_signup_confirm", args=[signup_token(signup)])
    with django_capture_on_commit_callbacks(execute=True):
        assertRedirects(client.post(url), url)
    signup.refresh_from_db()
    assert signup.status == HostSignup.Status.WAITING
    assert signup.verified_at is not None
    company = signup.company
    assert company.host_status == Company.HostStatus.PENDING
    assert company.hosting_capacity == 3
    assert list(company.programmes_of_interest.all()) == [programme]
    assert signup.contact.company == company
    assert signup.contact.email == "mette@example.com"
    assert company.history.filter(history_type="+").exists()
    [notice] = mail.outbox
    assert notice.to == ["koord@odder.dk"]
    assert other_coordinator.email not in notice.to
    assert "https://portal.example.dk/hosts/queue/" in notice.body
    response = client.get(url)
    assertContains(response, "Odder")
    # Confirming twice changes nothing.
    client.post(url)
    assert Company.objects.count() == 1 and len(mail.outbox) == 1


def test_without_coordinators_the_administrators_are_notified(
    client, municipality, django_capture_on_commit_callbacks
):
    admin = UserFactory(is_staff=True, email="admin@braa.dk")
    signup = make_signup(municipality)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("hosting:host_signup_confirm", args=[signup_token(signup)]))
    assert mail.outbox[0].to == [admin.email]


def test_expired_link_gives_a_clear_page_with_a_way_to_a_new_link(client, municipality):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)):
        signup = make_signup(municipality)
        token = signup_token(signup)
    url = reverse("hosting:host_signup_confirm", args=[token])
    with time_machine.travel(datetime.datetime(2026, 3, 7, 12, 0, tzinfo=datetime.UTC)):
        assert client.get(url).status_code == 200
    with time_machine.travel(datetime.datetime(2026, 3, 8, 12, 1, tzinfo=datetime.UTC)):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 410
        assertContains(response, "expired", status_code=410)
        assertContains(response, reverse("hosting:host_signup_new_link"), status_code=410)
        assertContains(response, 'value="mette@example.com"', status_code=410)
        client.post(url)
        signup.refresh_from_db()
        assert signup.status == HostSignup.Status.UNVERIFIED
        response = client.post(reverse("hosting:host_signup_new_link"), {"email": "Mette@Example.com"})
        assertRedirects(response, reverse("hosting:host_signup_sent"))
        new_link = last_link("mette@example.com")
        response = client.post(urlparse(new_link).path)
    signup.refresh_from_db()
    assert signup.status == HostSignup.Status.WAITING


@pytest.mark.parametrize("token", ["garbage", "MQ:1tZz:abc", "Mg:1tZzAb:Zm9vYmFy"])
def test_tampered_link_gives_a_clear_page(client, municipality, token):
    make_signup(municipality)
    response = client.get(reverse("hosting:host_signup_confirm", args=[token]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assertContains(response, "not valid", status_code=400)
    assertContains(response, reverse("hosting:host_signup_new_link"), status_code=400)
    assert client.post(reverse("hosting:host_signup_confirm", args=[token])).status_code == 400
    assert HostSignup.objects.get().status == HostSignup.Status.UNVERIFIED


def test_altered_signature_is_refused(client, municipality):
    signup = make_signup(municipality)
    other = make_signup(municipality, contact_email="other@example.com")
    token = signup_token(signup).replace(
        signup_token(signup).split(":")[0], signup_token(other).split(":")[0]
    )
    assert client.get(reverse("hosting:host_signup_confirm", args=[token])).status_code == 400


def test_new_link_answers_the_same_for_unknown_addresses(client, municipality):
    response = client.post(reverse("hosting:host_signup_new_link"), {"email": "nobody@example.com"})
    assertRedirects(response, reverse("hosting:host_signup_sent"))
    assert not mail.outbox
    response = client.post(reverse("hosting:host_signup_new_link"), {"email": "not-an-email"})
    assert response.status_code == 200 and response.context["form"].errors["email"]


def test_new_link_is_rate_limited(client, settings, municipality):
    settings.HOST_SIGNUP_RATE_LIMIT = 1
    url = reverse("hosting:host_signup_new_link")
    client.post(url, {"email": "a@example.com"})
    assert client.post(url, {"email": "a@example.com"}).status_code == 429


def test_start_page_and_navigation_link_to_the_signup(client, municipality):
    body = client.get(reverse("reporting:home")).content.decode()
    assert body.count(f'href="{URL}"') >= 2
    assert reverse("privacy:privacy_notice") in body


def test_invalid_posts_count_toward_a_limit_too(client, settings, municipality):
    settings.HOST_SIGNUP_RATE_LIMIT = 1
    statuses = [
        client.post(URL, {"name": "", "municipality": "99999999999999999999"}).status_code for _ in range(12)
    ]
    assert statuses == [200] * 10 + [429, 429]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_burst_of_simultaneous_signups_never_passes_the_limit(settings, municipality):
    settings.HOST_SIGNUP_RATE_LIMIT = 5
    start = threading.Barrier(20)

    def sign_up(number: int) -> int:
        try:
            start.wait()
            data = signup_data(municipality, contact_email=f"burst{number}@example.com")
            return Client().post(URL, data, REMOTE_ADDR="203.0.113.9").status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(sign_up, range(20)))
    assert statuses.count(302) <= 5 and statuses.count(302) + statuses.count(429) == 20
    assert HostSignup.objects.count() == statuses.count(302)
