"""Running the portal: health check, structured logs, the shared cache setting and gunicorn's config."""

import json
import logging
import os
import runpy
import socket
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

from brasite.jsonlog import JsonFormatter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    """Run `code` after django.setup() in a fresh process with production-like settings."""
    full_env = {
        **{key: value for key, value in os.environ.items() if key != "DEBUG"},
        "DJANGO_SETTINGS_MODULE": "brasite.settings",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": "sqlite://:memory:",
        # No collectstatic in a fresh checkout: pages render with plain storage here.
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{code}"],
        cwd=BASE_DIR,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_health_check_answers_200_when_the_database_is_reachable(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-store" in response.headers["Cache-Control"]


def test_health_check_answers_503_when_the_database_is_down(client):
    broken = mock.MagicMock()
    broken.cursor.side_effect = OperationalError("connection refused")
    with mock.patch("brasite.views.connection", broken):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert "connection refused" not in response.content.decode()


def test_health_check_is_public_for_logged_in_and_anonymous(client):
    assert client.get(reverse("healthz")).status_code == 200
    client.force_login(UserFactory())
    assert client.get(reverse("healthz")).status_code == 200


def test_every_request_is_logged_as_one_json_line(client, caplog):
    user = UserFactory()
    client.force_login(user)
    with caplog.at_level(logging.INFO, logger="brasite.requests"):
        client.get(reverse("healthz") + "?q=private+search")
    (record,) = [r for r in caplog.records if r.name == "brasite.requests"]
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "INFO"
    assert entry["method"] == "GET"
    assert entry["path"] == "/healthz"
    assert entry["status"] == 200
    assert entry["user_id"] == user.pk
    assert entry["duration_ms"] >= 0
    assert "private" not in line


@pytest.mark.urls("tests.error_urls")
def test_an_error_is_logged_as_one_json_line_with_its_traceback(client, caplog):
    client.raise_request_exception = False
    with caplog.at_level(logging.INFO):
        client.get("/test-errors/500/")
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["status_code"] == 500
    assert "RuntimeError: internal-detail-that-must-not-leak" in entry["exception"]
    assert "Traceback" in entry["exception"]


def test_logs_go_to_stdout_as_json_in_production():
    result = run_python(
        "from django.test import Client\n"
        "Client().get('/healthz', headers={'X-Forwarded-Proto': 'https'})\n"
        "Client().get('/does-not-exist/', headers={'X-Forwarded-Proto': 'https'})\n"
    )
    assert result.returncode == 0, result.stderr
    entries = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(e["logger"], e.get("status")) for e in entries if e["logger"] == "brasite.requests"] == [
        ("brasite.requests", 200),
        ("brasite.requests", 404),
    ]
    assert any(e["logger"] == "django.request" and e["level"] == "WARNING" for e in entries)


def test_without_redis_each_process_uses_its_memory_cache(settings):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def redis_is_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_is_running(), reason="no Redis server at 127.0.0.1:6379")
def test_redis_url_makes_the_cache_and_sessions_shared():
    result = run_python(
        "from django.conf import settings\n"
        "from django.core.cache import cache\n"
        "cache.set('braa-test-key', 'shared', 10)\n"
        "print(cache.get('braa-test-key'), settings.SESSION_ENGINE)\n"
        "cache.delete('braa-test-key')\n"
        "print(cache._cache.get_client() is cache._cache.get_client(write=True))\n",
        REDIS_URL="redis://127.0.0.1:6379/15",
        LOG_LEVEL="WARNING",
    )
    assert result.returncode == 0, result.stderr
    # One Redis client for all calls (Django's own backend makes one per call).
    assert result.stdout.split() == ["shared", "django.contrib.sessions.backends.cache", "True"]


def test_gunicorn_config_defaults_and_environment(monkeypatch):
    config_file = str(BASE_DIR / "brasite" / "gunicorn.conf.py")
    monkeypatch.delenv("GUNICORN_BIND", raising=False)
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.delenv("GUNICORN_MAX_REQUESTS", raising=False)
    config = runpy.run_path(config_file)
    assert config["bind"] == "127.0.0.1:8000"
    assert config["workers"] == 2 * os.cpu_count() + 1
    # A worker restart costs a second of CPU: at hundreds of requests a second, not every few seconds.
    assert (config["max_requests"], config["max_requests_jitter"]) == (20000, 2000)

    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:9000")
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("GUNICORN_MAX_REQUESTS", "5000")
    config = runpy.run_path(config_file)
    assert (config["bind"], config["workers"], config["max_requests"]) == ("0.0.0.0:9000", 3, 5000)


@pytest.mark.django_db
def test_postgresql_runs_the_portals_short_queries_without_jit():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
