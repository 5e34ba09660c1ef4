"""Danish and English are complete: no empty or fuzzy message, no string in the code missing from the .po."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.urls import reverse
from django.utils import translation

BASE_DIR = Path(__file__).resolve().parent.parent
LANGUAGES = ["da", "en"]
# Named formats follow the active language; ISO 8601 is for machines: <time datetime>, URLs and the value
# of <input type=date> ('c' for dates only: the microseconds it gives datetimes are not valid HTML).
LOCALISED_DATE_FORMATS = {
    "DATE_FORMAT",
    "SHORT_DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "MONTH_DAY_FORMAT",
    "YEAR_MONTH_FORMAT",
    "c",
    "Y-m-d",
    "Y-m-d\\TH:i:sO",
}


def catalog(language: str, root: Path = BASE_DIR):
    with open(root / "locale" / language / "LC_MESSAGES" / "django.po", "rb") as po:
        return read_po(po, locale=language)


def label(message) -> str:
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return f"{message.context}|{msgid}" if message.context else msgid


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    messages = catalog(language)
    assert not messages.fuzzy, f"the header of the {language} catalogue is marked fuzzy"
    problems = []
    for message in messages:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {label(message)}")
        elif not all(strings):
            problems.append(f"empty: {label(message)}")
    assert not problems, f"{len(problems)} {language} messages need work:\n" + "\n".join(problems)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_every_string_in_the_code_is_in_the_committed_catalogues(tmp_path):
    """Run makemessages on a copy of the code, so that the repository's .po files stay untouched."""
    shutil.copytree(
        BASE_DIR,
        tmp_path,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns(
            ".*", "node_modules", "staticfiles", "__pycache__", "*.mo", "*.sqlite3", "*.xml"
        ),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale=da", "--locale=en", "--no-obsolete"],
        cwd=tmp_path,
        env={**os.environ, "DEBUG": "true"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    for language in LANGUAGES:
        committed = {label(message) for message in catalog(language) if message.id}
        in_code = {label(message) for message in catalog(language, tmp_path) if message.id}
        missing = sorted(in_code - committed)
        assert not missing, f"run `make messages` and translate ({language}):\n" + "\n".join(missing)


def test_templates_format_dates_for_the_active_language():
    hard_coded = []
    for template in (BASE_DIR / "templates").rglob("*.html"):
        for argument in re.findall(r"\|date:[\"']([^\"']*)[\"']", template.read_text()):
            if argument not in LOCALISED_DATE_FORMATS:
                hard_coded.append(f"{template.relative_to(BASE_DIR)}: |date:{argument!r}")
    assert not hard_coded, "use a named format such as SHORT_DATE_FORMAT:\n" + "\n".join(hard_coded)


@pytest.mark.django_db
def test_dates_numbers_and_money_follow_the_language(client, reference_data):
    import datetime

    from django.template import Context, Template

    template = Template('{% load humanize %}{{ day|date:"DATE_FORMAT" }} {{ amount|intcomma }}')
    context = Context({"day": datetime.date(2026, 3, 5), "amount": 6600000})
    with translation.override("da"):
        assert template.render(context) == "5. marts 2026 6.600.000"
    with translation.override("en"):
        assert template.render(context) == "5 March 2026 6,600,000"

    url = reverse("programmes:programme_detail", args=["fremtidens-skole"])
    assert "6.600.000 kr." in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    assert "DKK 6,600,000" in client.get(url).content.decode()
