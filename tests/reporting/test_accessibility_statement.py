"""The portal's accessibility page summarises the official WAS-Tool statement, which /was leads to."""

import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

pytestmark = pytest.mark.django_db

OFFICIAL = "https://www.was.digst.dk/partnerskaber-example-dk"


def test_page_links_the_official_statement_and_shows_the_last_review(client, danish, settings):
    settings.ACCESSIBILITY_STATEMENT_URL = OFFICIAL
    settings.ACCESSIBILITY_REVIEWED_ON = datetime.date(2026, 11, 30)
    body = client.get(reverse("reporting:accessibility")).content.decode()
    assert f'href="{OFFICIAL}"' in body
    assert '<time datetime="2026-11-30">30. november 2026</time>' in body
    assert "Django-admin" in body.split("<h2>", 2)[1]  # the admin is covered, named in the scope


def test_was_leads_to_the_official_statement(client, settings):
    settings.ACCESSIBILITY_STATEMENT_URL = OFFICIAL
    response = client.get("/was")
    assert response.status_code == 302 and response["Location"] == OFFICIAL


def test_was_leads_to_the_summary_while_no_official_statement_is_set(client, settings):
    settings.ACCESSIBILITY_STATEMENT_URL = ""
    assertRedirects(client.get("/was"), reverse("reporting:accessibility"))
    assert "was.digst.dk" not in client.get(reverse("reporting:accessibility")).content.decode()


def test_the_admin_links_the_statement(client, superuser, settings):
    client.force_login(superuser)
    body = client.get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("reporting:accessibility")}"' in body
    assert settings.PORTAL_NAME in body  # the admin's own branding still comes through
