import pytest
from django.urls import reverse

from tests.error_urls import SECRET_DETAIL

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.error_urls")]

PAGES = [
    ("/test-errors/400/", 400, "Bad request", "Ugyldig forespørgsel"),
    ("/test-errors/403/", 403, "Access denied", "Adgang nægtet"),
    ("/does-not-exist/", 404, "Page not found", "Siden findes ikke"),
    ("/test-errors/429/", 429, "Too many requests", "For mange forespørgsler"),
    ("/test-errors/500/", 500, "Something went wrong", "Noget gik galt"),
]


@pytest.fixture
def client(client):
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(("url", "status", "english", "danish"), PAGES)
def test_error_page_in_the_portals_style_and_language(client, url, status, english, danish):
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == status
    assert 'lang="da"' in body
    assert f"<h1>{danish}</h1>" in body
    assert "/static/css/portal.css" in body
    assert reverse("reporting:accessibility") in body
    assert body.count("<h1") == 1

    client.cookies["django_language"] = "en"
    body = client.get(url).content.decode()
    assert 'lang="en"' in body
    assert f"<h1>{english}</h1>" in body


@pytest.mark.parametrize(("url", "status"), [(page[0], page[1]) for page in PAGES])
def test_error_page_shows_no_internals(client, url, status):
    body = client.get(url).content.decode()
    assert SECRET_DETAIL not in body
    assert "Traceback" not in body
    assert "RuntimeError" not in body
    assert "settings" not in body.lower()


def test_server_error_page_renders_without_a_request_or_database(django_assert_num_queries):
    from django.template.loader import render_to_string

    with django_assert_num_queries(0):
        body = render_to_string("500.html")
    assert "<h1>" in body and "/static/css/portal.css" in body


def test_expired_form_gets_the_portals_csrf_page(client):
    client.handler.enforce_csrf_checks = True
    response = client.post(reverse("login"), {"username": "a@example.com", "password": "x"})
    assert response.status_code == 403
    assert "<h1>Formularen er udløbet</h1>" in response.content.decode()
