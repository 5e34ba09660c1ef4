"""The public pages with their maps in headless Chromium, at a phone's and a desktop's width, in Danish and
English: axe-core, nothing wider than the screen, and screenshots in test-artifacts/ for a person to look at.
"""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from partnerships.models import MunicipalityGroup
from tests.browser.test_accessibility import axe_violations, new_context
from tests.factories import AgreementFactory, MunicipalityFactory, SchoolFactory
from tests.reporting.test_maps import BRAA

BASE_DIR = Path(__file__).resolve().parent.parent.parent
AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = BASE_DIR / "test-artifacts"
ODDER_SCHOOLS = [
    ("Parkvejens Skole", Decimal("55.975"), Decimal("10.153"), True),
    ("Skovbakkeskolen", Decimal("55.968"), Decimal("10.160"), False),
    ("Hou Skole", Decimal("55.914"), Decimal("10.256"), True),
    ("Saksild Skole", Decimal("55.957"), Decimal("10.237"), False),
    ("Gylling Skole", Decimal("55.890"), Decimal("10.140"), False),
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not AXE.exists(), reason="node_modules/axe-core missing (npm ci)"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def braa():
    """The 12 municipalities as the served group, Odder with placed schools and figures."""
    group = MunicipalityGroup.objects.create(name="Business Region Aarhus", slug="braa")
    municipalities = {
        code: MunicipalityFactory(code=code, name=name, slug=name.lower().replace("ø", "oe"))
        for code, name in BRAA.items()
    }
    group.municipalities.set(municipalities.values())
    for index, (_code, municipality) in enumerate(sorted(municipalities.items())):
        for _ in range(index % 4):
            AgreementFactory(
                school=SchoolFactory(municipality=municipality), start_date=datetime.date(2024, 1, 1)
            )
    odder = municipalities["0727"]
    for name, latitude, longitude, partnered in ODDER_SCHOOLS:
        school = SchoolFactory(municipality=odder, name=name, latitude=latitude, longitude=longitude)
        if partnered:
            AgreementFactory(school=school, start_date=datetime.date(2024, 1, 1))
    return odder


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("width", [375, 1280])
def test_public_maps_pass_axe_and_fit_the_screen(live_site, browser, braa, language, width):
    ARTIFACTS.mkdir(exist_ok=True)
    context = new_context(browser, live_site, "anonymous", language)
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    for name, path in [
        ("progress", reverse("reporting:public_progress")),
        ("municipality", reverse("reporting:public_municipality", args=[braa.slug])),
    ]:
        page.goto(live_site.url + path)
        page.screenshot(path=str(ARTIFACTS / f"public-{name}-{language}-{width}.png"), full_page=True)
        overflow = page.evaluate(
            "() => [...document.querySelectorAll('.map-svg')]"
            ".filter(svg => svg.getBoundingClientRect().right > document.documentElement.clientWidth).length"
        )
        assert page.locator(".map-svg").count() == 1, name
        assert overflow == 0, name
        assert axe_violations(page) == [], name
    context.close()


def test_a_municipality_on_the_public_map_leads_to_its_public_page(live_site, browser, braa):
    context = new_context(browser, live_site, "anonymous", "en")
    page = context.new_page()
    page.goto(live_site.url + reverse("reporting:public_progress"))
    page.locator(f'.map-area[href="{reverse("reporting:public_municipality", args=[braa.slug])}"]').click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Odder: progress toward the goal"
    assert page.locator(".map-point").count() == len(ODDER_SCHOOLS)
    context.close()
