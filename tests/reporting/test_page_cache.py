"""Whole pages from the cache (reporting/page_cache.py): fast when seen again, never stale, never mixed up."""

import pytest
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import CooperationAgreement, User
from reporting.figures_cache import figures_version
from reporting.models import FiguresVersion
from tests.factories import AgreementFactory, CompanyFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


def queries(client, url) -> tuple[int, str]:
    from django.db import connection

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def kept(client, url) -> str:
    """The page, seen twice so that it is kept (the first view of a session sets its CSRF cookie)."""
    client.get(url)
    return client.get(url).content.decode()


@pytest.fixture
def agreement(municipality):
    return AgreementFactory(school=SchoolFactory(municipality=municipality), title="Robotdag")


def test_a_repeat_view_is_the_same_page_from_the_cache(client, coordinator, agreement):
    client.force_login(coordinator)
    url = reverse("partnerships:agreement_list")
    client.get(url)  # the first view sets the CSRF cookie: pages are kept for a visitor who has one
    first, body = queries(client, url)
    again, body_again = queries(client, url)
    assert body_again == body and "Robotdag" in body
    assert again <= 4 < first  # session, user, the data version (and nothing the view itself asks)


def test_a_save_shows_at_once_on_every_cached_page(client, coordinator, agreement):
    client.force_login(coordinator)
    pages = [reverse("partnerships:agreement_list"), agreement.get_absolute_url()]
    for url in pages:
        assert "Robotdag" in kept(client, url)
    agreement.title = "Lego-dag"
    agreement.save()
    listed, shown = (client.get(url).content.decode() for url in pages)
    assert "Lego-dag" in listed and "Robotdag" not in listed
    assert "<h1>Lego-dag</h1>" in shown


def test_a_new_relation_shows_at_once(client, coordinator, agreement, other_municipality):
    """A change of relations (here: the coordinator's municipalities) moves the version too."""
    elsewhere = AgreementFactory(school=SchoolFactory(municipality=other_municipality), title="Samsø-dagen")
    client.force_login(coordinator)
    url = reverse("partnerships:agreement_list")
    assert elsewhere.title not in kept(client, url)
    coordinator.municipalities.add(other_municipality)
    assert elsewhere.title in client.get(url).content.decode()


def test_an_import_in_bulk_shows_at_once(client, coordinator, agreement, municipality):
    from imports.services import apply_plan, plan_file

    client.force_login(coordinator)
    url = reverse("partnerships:school_list")
    assert "Ny Skole" not in kept(client, url)
    plan = plan_file("schools", b"Skole;Kommune\nNy Skole;Odder\n", user=coordinator)
    apply_plan("schools", plan, user=coordinator)
    assert "Ny Skole" in client.get(url).content.decode()


def test_nobody_is_given_another_persons_page(coordinator, agreement, other_municipality):
    other = UserFactory(role=User.Role.COORDINATOR, municipalities=[other_municipality])
    AgreementFactory(school=SchoolFactory(municipality=other_municipality), title="Samsø-dagen")
    url = reverse("partnerships:agreement_list")
    mine, theirs = Client(), Client()
    mine.force_login(coordinator)
    theirs.force_login(other)
    assert "Robotdag" in mine.get(url).content.decode()
    body = theirs.get(url).content.decode()
    assert "Samsø-dagen" in body and "Robotdag" not in body
    assert other.email in body and coordinator.email not in body


def test_a_kept_form_carries_a_token_for_the_visitors_own_cookie(coordinator, company):
    """A form page from the cache still saves: its CSRF token belongs to the cookie it was kept for."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    url = reverse("partnerships:company_update", args=[company.pk])
    client.get(url)
    body = client.get(url).content.decode()  # from the cache
    token = body.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = client.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_a_second_browser_of_the_same_person_gets_a_form_that_works(coordinator, company):
    """A first view without a CSRF cookie makes a new token: that page is not kept for the next one."""
    url = reverse("partnerships:company_update", args=[company.pk])
    for _browser in range(2):
        client = Client(enforce_csrf_checks=True)
        client.force_login(coordinator)
        body = client.get(url).content.decode()
        token = body.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        assert client.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 302


def test_messages_are_shown_once_and_never_kept(client, danish, coordinator, municipality):
    """A refused change writes nothing (the version stays), yet its message must show, and only once."""
    agreement = AgreementFactory(
        school=SchoolFactory(municipality=municipality), status=CooperationAgreement.Status.CANCELLED
    )
    client.force_login(coordinator)
    kept(client, agreement.get_absolute_url())  # without a message
    refused = "kan ikke ændres på denne måde"
    response = client.post(reverse("partnerships:agreement_activate", args=[agreement.pk]), follow=True)
    assert response.redirect_chain[-1][0] == agreement.get_absolute_url()
    assert refused in response.content.decode()
    assert refused not in client.get(agreement.get_absolute_url()).content.decode()


def test_public_pages_are_shared_by_visitors_without_cookies(reference_data):
    url = reverse("reporting:public_progress")
    first, body = queries(Client(), url)
    again, body_again = queries(Client(), url)  # another visitor, no cookies either
    assert body_again == body
    assert again <= 2 < first
    assert "csrfmiddlewaretoken" not in body  # nothing on it belongs to one visitor


def test_each_language_and_address_is_its_own_page(client, reference_data):
    url = reverse("reporting:public_progress")
    danish = client.get(url, headers={"accept-language": "da"}).content.decode()
    english = client.get(url, headers={"accept-language": "en"}).content.decode()
    assert 'lang="da"' in danish and 'lang="en"' in english
    on_a_day = client.get(url + "?on=2025-03-03").content.decode()
    assert on_a_day != danish and "2025" in on_a_day


def test_a_page_with_a_draft_put_back_is_not_kept(client, coordinator):
    from reporting.page_cache import page_key

    client.force_login(coordinator)
    response = client.get(reverse("partnerships:agreement_create") + "?draft=x")
    assert response.status_code == 200
    from django.core.cache import cache

    assert cache.get(page_key(response.wsgi_request)) is None


def test_companies_differ_only_by_the_data_not_by_the_cache(client, coordinator, municipality):
    client.force_login(coordinator)
    url = reverse("partnerships:company_list")
    CompanyFactory(municipality=municipality, name="Første ApS")
    assert "Første ApS" in kept(client, url)
    CompanyFactory(municipality=municipality, name="Anden ApS")
    body = client.get(url).content.decode()
    assert "Første ApS" in body and "Anden ApS" in body


def test_each_save_bumps_the_version_once_and_a_login_does_not(coordinator, municipality):
    FiguresVersion.objects.all().delete()
    school = SchoolFactory(municipality=municipality)  # the first bump makes the row again
    start = figures_version()
    school.save()
    school.save()
    assert figures_version() == start + 2
    coordinator.save(update_fields=["last_login"])
    assert figures_version() == start + 2
