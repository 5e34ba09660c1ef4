import importlib

from django.urls import clear_url_caches
from pytest_django.asserts import assertContains

import brasite.urls


def reload_urls():
    importlib.reload(brasite.urls)
    clear_url_caches()


def test_bench_floor_exists_only_when_switched_on(client, settings, db):
    assert client.get("/bench/floor/").status_code == 404
    settings.BENCH_FLOOR = True
    reload_urls()
    try:
        response = client.get("/bench/floor/")
        assertContains(response, "<h1>", count=1)
        assertContains(response, 'id="main-nav"')
    finally:
        settings.BENCH_FLOOR = False
        reload_urls()
    assert client.get("/bench/floor/").status_code == 404
