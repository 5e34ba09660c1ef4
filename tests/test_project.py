import re

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_no_pending_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_start_page_shows_the_municipalities_and_programmes(client, reference_data):
    response = client.get(reverse("reporting:home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<h1") == 1
    for name in ("Aarhus", "Samsø", "Viborg", "Jet-Net", "Sammen skaber vi fremtidens skole"):
        assert name in body
    assert reverse("login") in body


def test_start_page_is_danish_by_default_and_english_on_request(client, reference_data):
    assert 'lang="da"' in client.get("/").content.decode()
    body = client.get("/").content.decode()
    assert f'href="{reverse("set_language")}?language=en&amp;next=/"' in body  # a link: no CSRF token
    client.get(reverse("set_language"), {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get("/").content.decode()


def test_pages_use_local_bootstrap_and_no_inline_code(client, reference_data):
    body = client.get("/").content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in body
    # Every script and stylesheet comes from our own static files (the CSRF token's random letters may
    # well spell "cdn": only addresses are looked at).
    addresses = re.findall(r'(?:src|href)="([^"]*)"', body)
    assert all(not re.match(r"(https?:)?//", address) for address in addresses), addresses
    assert "<script>" not in body and "style=" not in body


def test_programme_page_shows_participants(client, reference_data):
    response = client.get(reverse("programmes:programme_detail", args=["jet-net"]))
    assert response.status_code == 200
    assert "Horsens" in response.content.decode()


def test_admin_link_shown_to_staff(client, superuser, reference_data):
    client.force_login(superuser)
    assert reverse("admin:index") in client.get("/").content.decode()
