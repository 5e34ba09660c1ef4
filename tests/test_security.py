"""Security headers, cookies, HTTPS behind a TLS proxy and Django's deployment checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent
# What nginx sends on: the original Host header and the scheme the visitor used.
PROXY_HTTPS = {"Host": "testserver", "X-Forwarded-Proto": "https"}


def production_env(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "SESSION_", "CSRF_")) and key != "DEBUG"
    }
    return {
        **env,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "partnerskaber.example.dk",
        **extra,
    }


def test_check_deploy_reports_nothing_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr  # one clear line, not a stack trace


@pytest.fixture
def coordinator(municipality):
    return UserFactory(role="coordinator", municipalities=[municipality])


@pytest.fixture(params=["public", "private", "redirect", "not_found", "health"])
def response(request, client, coordinator, reference_data):
    if request.param == "private":
        client.force_login(coordinator)
        return client.get(reverse("partnerships:agreement_list"), headers=PROXY_HTTPS)
    url = {
        "public": reverse("reporting:home"),
        "redirect": reverse("partnerships:agreement_list"),
        "not_found": "/does-not-exist/",
        "health": reverse("healthz"),
    }[request.param]
    return client.get(url, headers=PROXY_HTTPS)


def test_every_response_carries_the_security_headers(response):
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains; preload"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    policy = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "geolocation=()", "microphone=()", "payment=()"):
        assert feature in policy


def test_static_files_get_the_transport_headers_too(client, settings):
    settings.WHITENOISE_USE_FINDERS = True  # serve from static/ without collectstatic
    response = client.get("/static/css/portal.css", headers=PROXY_HTTPS)
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" in response.headers
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_plain_http_without_the_proxy_header_is_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(reverse("reporting:home"))
    assert response.status_code == 301
    assert response.headers["Location"] == "https://testserver/"
    assert "Strict-Transport-Security" not in response.headers


def test_plain_http_from_the_tls_proxy_is_served(client, settings, reference_data):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(reverse("reporting:home"), headers=PROXY_HTTPS)
    assert response.status_code == 200
    assert response.wsgi_request.is_secure()
    assert "Strict-Transport-Security" in response.headers


def test_health_check_is_not_redirected_for_the_load_balancer(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("healthz")).status_code == 200


def test_login_behind_the_proxy_sets_secure_httponly_cookies(client, settings, coordinator):
    """The whole login, CSRF origin check included, over plain HTTP from the TLS proxy."""
    settings.SECURE_SSL_REDIRECT = True
    client.handler.enforce_csrf_checks = True
    client.get(reverse("login"), headers=PROXY_HTTPS)
    csrf_cookie = client.cookies["csrftoken"]
    assert csrf_cookie["secure"] and csrf_cookie["httponly"]

    response = client.post(
        reverse("login"),
        {
            "username": coordinator.email,
            "password": "correct-horse-battery",
            "csrfmiddlewaretoken": csrf_cookie.value,
        },
        headers={**PROXY_HTTPS, "Origin": "https://testserver"},
    )
    assert response.status_code == 302
    session_cookie = client.cookies["sessionid"]
    assert session_cookie["secure"] and session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"


def test_language_cookie_is_secure_and_httponly_too(client):
    client.get(reverse("set_language"), {"language": "en", "next": "/"}, headers=PROXY_HTTPS)
    cookie = client.cookies["django_language"]
    assert cookie.value == "en"
    assert cookie["secure"] and cookie["httponly"]


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""])
def test_the_language_switch_leads_back_to_this_site_only(client, next_url):
    response = client.get(reverse("set_language"), {"language": "en", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_language_switch_is_a_link_and_knows_its_languages(client):
    response = client.get(reverse("set_language"), {"language": "en", "next": "/progress/?on=2025-03-03"})
    assert response["Location"] == "/progress/?on=2025-03-03"
    assert client.cookies["django_language"].value == "en"
    client.get(reverse("set_language"), {"language": "xx", "next": "/"})
    assert client.cookies["django_language"].value == "en"
    assert client.post(reverse("set_language"), {"language": "da"}).status_code == 405


def test_forged_origin_is_refused_behind_the_proxy(client, settings, coordinator):
    client.handler.enforce_csrf_checks = True
    client.get(reverse("login"), headers=PROXY_HTTPS)
    response = client.post(
        reverse("login"),
        {
            "username": coordinator.email,
            "password": "correct-horse-battery",
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
        headers={**PROXY_HTTPS, "Origin": "https://evil.example.com"},
    )
    assert response.status_code == 403


def test_each_development_checkout_gets_its_own_secret_key(tmp_path, monkeypatch):
    import stat

    from brasite import settings as project_settings

    keys = []
    for checkout in (tmp_path / "one", tmp_path / "two"):
        checkout.mkdir()
        monkeypatch.setattr(project_settings, "BASE_DIR", checkout)
        first, again = project_settings.development_secret_key(), project_settings.development_secret_key()
        assert first == again and len(first) >= 50
        assert stat.S_IMODE((checkout / ".secret_key").stat().st_mode) == 0o600
        keys.append(first)
    assert keys[0] != keys[1]


def test_csv_cells_are_quoted_so_a_separator_never_starts_a_formula():
    import csv
    import io

    from brasite.lib.exports import csv_response

    response = csv_response("x.csv", ["Navn", "Antal"], [["a,=2+3", 4], ["b;=1+1", 5], ["=SUM(A1)", 6]])
    text = response.content.decode("utf-8-sig")
    assert '"a,=2+3";4' in text and '"b;=1+1";5' in text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1:] == [["a,=2+3", "4"], ["b;=1+1", "5"], ["'=SUM(A1)", "6"]]
