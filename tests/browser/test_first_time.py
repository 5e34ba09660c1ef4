"""A first visit in a real browser: the top bar stays one row at 1280 px, and a form with errors opens at
its error summary with focus on it."""

import pytest

from partnerships.models import User
from tests.browser.conftest import log_in
from tests.factories import CompanyFactory, MunicipalityFactory, SchoolFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "en-lang-adgangskode"


@pytest.fixture
def people(db):
    municipality = MunicipalityFactory(name="Skanderborg", code="0746", slug="skanderborg")
    SchoolFactory(municipality=municipality)
    CompanyFactory(municipality=municipality)
    # Long first names: the account button must not push the bar onto a second row either.
    coordinator = User.objects.create_user(
        email="koordinator@example.com",
        password=PASSWORD,
        role=User.Role.COORDINATOR,
        first_name="Christiansen",
    )
    coordinator.municipalities.set([municipality])
    User.objects.create_user(
        email="region@example.com", password=PASSWORD, role=User.Role.VIEWER, first_name="Margrethe"
    )
    User.objects.create_superuser(email="admin@example.com", password=PASSWORD, first_name="Administrator")


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("email", ["koordinator@example.com", "region@example.com", "admin@example.com"])
def test_top_bar_is_one_row_at_1280_px(live_site, new_page, people, language, email):
    page = new_page(language)
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_site.url, email, PASSWORD)
    tops = page.eval_on_selector_all(
        "nav.navbar .navbar-brand, nav.navbar .nav-item",
        "items => items.map(i => i.getBoundingClientRect().top)",
    )
    assert len(tops) >= 3
    assert max(tops) - min(tops) < 20, f"the top bar wraps: {tops}"


def test_failed_save_moves_focus_to_the_error_summary(live_site, new_page, people):
    page = new_page("da")
    log_in(page, live_site.url, "koordinator@example.com", PASSWORD)
    page.goto(live_site.url + "/agreements/new/")
    page.fill("#id_title", "Robotdag")
    page.fill("#id_start_date", "2026-05-01")
    page.fill("#id_end_date", "2026-04-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Gem og aktivér").click()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    page.locator("#error-summary a[href='#id_end_date']").click()
    assert page.evaluate("document.activeElement.id") == "id_end_date"
    assert "is-invalid" in page.get_attribute("#id_end_date", "class")


def test_failed_public_sign_up_opens_at_the_form(live_site, new_page, people):
    page = new_page("da")
    page.set_viewport_size({"width": 375, "height": 700})
    page.emulate_media(reduced_motion="reduce")  # Bootstrap scrolls smoothly otherwise: measure at rest
    page.goto(live_site.url + "/hosts/")
    with page.expect_navigation():
        page.get_by_role("button", name="Send tilmelding").click()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    top = page.evaluate("document.getElementById('error-summary').getBoundingClientRect().top")
    # At the top of the view (a fraction of a pixel above it is layout rounding), below the long introduction.
    assert -1 < top < 700 and page.evaluate("window.scrollY") > 300
