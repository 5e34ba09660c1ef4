"""A newcomer's first run: the README tells the truth, and emailed links follow the server actually run."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from brasite.settings import served_site_url

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("argv", "url"),
    [
        (["manage.py", "runserver"], "http://127.0.0.1:8000"),
        (["manage.py", "runserver", "8100"], "http://127.0.0.1:8100"),
        (["manage.py", "runserver", "--noreload", "127.0.0.1:8100"], "http://127.0.0.1:8100"),
        (["manage.py", "runserver", "0.0.0.0:8200"], "http://127.0.0.1:8200"),
        (["manage.py", "runserver", "localhost:8300"], "http://localhost:8300"),
        (["manage.py", "seed_demo"], "http://127.0.0.1:8000"),
    ],
)
def test_site_url_follows_the_port_runserver_serves(argv, url):
    assert served_site_url(argv) == url


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_gives_seed_demo_and_the_server_the_same_site_url():
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8100"], cwd=BASE_DIR, capture_output=True, text=True, timeout=60
    )
    lines = [line for line in result.stdout.splitlines() if "seed_demo" in line or "runserver" in line]
    assert len(lines) == 2
    assert all("SITE_URL=http://127.0.0.1:8100" in line for line in lines)
    assert "runserver 127.0.0.1:8100" in lines[1]


@pytest.mark.django_db
def test_the_demo_banner_uses_the_one_link_setting(settings, capsys):
    settings.SITE_URL = "http://127.0.0.1:8100"
    call_command("seed_demo")
    assert "Log in at http://127.0.0.1:8100/" in capsys.readouterr().out


def test_readme_says_how_to_change_the_port_and_where_the_emails_appear():
    readme = (BASE_DIR / "README.md").read_text()
    two_commands = readme.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    assert "make run PORT=8100" in two_commands
    assert "HOST=" in two_commands
    assert "printed in the terminal where `make run` runs" in two_commands
    makefile = (BASE_DIR / "Makefile").read_text()
    assert "PORT ?= 8000" in makefile and "HOST ?= 127.0.0.1" in makefile
    assert "make test" in two_commands and "test: install-dev" in makefile
