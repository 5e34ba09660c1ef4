"""The idle timeout loses nothing: a warning with "stay logged in", and a form sent after the session
expired is kept for the same person and filled in again after the login."""

import json
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.conf import settings
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from brasite.lib.drafts import OWNER_COOKIE
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


def draft_in(response) -> dict | None:
    found = re.search(
        r'<script id="restored-draft" type="application/json">(.*?)</script>', response.content.decode()
    )
    return json.loads(found[1]) if found else None


@pytest.fixture
def expired(client, coordinator, municipality):
    """A coordinator who had the school's edit page open while their session ran out."""
    school = SchoolFactory(municipality=municipality, address="Skolevej 1")
    url = reverse("partnerships:school_update", args=[school.pk])
    client.force_login(coordinator)
    client.get(url)
    assert OWNER_COOKIE in client.cookies
    del client.cookies[settings.SESSION_COOKIE_NAME]  # the expiry: the session goes, other cookies stay
    return school, url


def test_form_sent_after_expiry_is_kept_and_filled_in_after_login(client, danish, coordinator, expired):
    school, url = expired
    response = client.post(url, {"name": school.name, "address": "Skolevej 99", "password": "hemmeligt"})
    assert response.status_code == 302
    login_page = client.get(response["Location"])
    assertContains(login_page, "Din session var udløbet; log ind for at gemme det, du skrev.")
    back = parse_qs(urlparse(response["Location"]).query)["next"][0]
    assert back.startswith(url + "?draft=")

    client.force_login(coordinator)
    page = client.get(back)
    draft = draft_in(page)
    assert draft["address"] == ["Skolevej 99"]
    assert "password" not in draft and "csrfmiddlewaretoken" not in draft
    assert client.get(back).status_code == 200 and draft_in(client.get(back)) is None  # one time only
    school.refresh_from_db()
    assert school.address == "Skolevej 1"  # nothing is saved until the person saves it


def test_a_kept_draft_is_never_shown_to_another_account(client, coordinator, municipality, expired):
    school, url = expired
    response = client.post(url, {"address": "Skolevej 99"})
    back = parse_qs(urlparse(response["Location"]).query)["next"][0]
    colleague = UserFactory(role="coordinator", municipalities=[municipality])
    client.force_login(colleague)
    assert draft_in(client.get(back)) is None
    client.force_login(coordinator)
    assert draft_in(client.get(back)) == {"address": ["Skolevej 99"]}  # still there for its owner


def test_a_draft_is_only_restored_on_its_own_page(client, coordinator, expired):
    school, url = expired
    response = client.post(url, {"address": "Skolevej 99"})
    back = parse_qs(urlparse(response["Location"]).query)["next"][0]
    client.force_login(coordinator)
    other_page = reverse("partnerships:school_create") + "?" + urlparse(back).query
    assert draft_in(client.get(other_page)) is None


def test_without_an_earlier_login_in_this_browser_nothing_is_kept(client, school):
    url = reverse("partnerships:school_update", args=[school.pk])
    response = client.post(url, {"address": "Skolevej 99"})
    assert response.status_code == 302
    assert "draft" not in response["Location"]


def test_pages_carry_the_warning_and_stay_logged_in_renews(client, coordinator, settings):
    settings.SESSION_COOKIE_AGE = 1800
    client.force_login(coordinator)
    page = client.get(reverse("partnerships:school_list"))
    assertContains(page, 'id="session-warning"')
    assertContains(page, 'data-seconds="1800"')
    assertContains(page, 'aria-live="assertive"')
    assertContains(page, "js/session.js")
    keepalive = reverse("session_keepalive")
    renewed = client.post(keepalive, headers={"X-Keepalive": "1"})
    assert renewed.status_code == 204
    # Asked for within a minute of the page's own renewal, the session is still renewed: a fresh cookie.
    assert renewed.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 1800
    without_js = client.post(keepalive, {"next": reverse("partnerships:school_list")})
    assert without_js["Location"] == reverse("partnerships:school_list")
    assert client.post(keepalive, {"next": "https://evil.example.com/"})["Location"] == "/"
    client.logout()
    assert client.post(keepalive, headers={"X-Keepalive": "1"}).status_code == 401
    assertNotContains(client.get(reverse("reporting:home")), 'id="session-warning"')
