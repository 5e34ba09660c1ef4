"""In a real browser: the idle-timeout warning, a form sent after the session expired surviving the
login, and a removal confirmed with the keyboard alone."""

import pytest
from playwright.sync_api import expect

from partnerships.models import ContactPerson, School, User
from tests.browser.conftest import log_in
from tests.factories import ContactPersonFactory, MunicipalityFactory, SchoolFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "en-lang-adgangskode"


@pytest.fixture
def coordinator_school(db):
    municipality = MunicipalityFactory(name="Odder", code="0727", slug="odder")
    school = SchoolFactory(municipality=municipality, name="Parkvejens Skole", address="Parkvej 1")
    user = User.objects.create_user(email="karen@example.com", password=PASSWORD, role=User.Role.COORDINATOR)
    user.municipalities.set([municipality])
    return school


def test_warning_then_expiry_then_the_typed_form_survives_the_login(
    live_site, new_page, coordinator_school, settings
):
    settings.SESSION_COOKIE_AGE = 6  # seconds: the warning comes after 4, the session ends after 6
    school = coordinator_school
    page = new_page("da")
    log_in(page, live_site.url, "karen@example.com", PASSWORD)
    page.goto(f"{live_site.url}/schools/{school.pk}/edit/")
    warning = page.locator("#session-warning")
    expect(warning).to_be_visible(timeout=5000)
    expect(page.locator("#session-warning-text")).to_have_attribute("aria-live", "assertive")
    expect(page.get_by_role("button", name="Forbliv logget ind")).to_be_focused()

    page.get_by_label("Adresse").fill("Skovvej 12")
    page.wait_for_timeout(3000)  # the session runs out while the person types
    expect(warning).to_contain_text("udløbet")
    page.get_by_role("button", name="Gem").click()
    expect(page.locator(".alert-warning").first).to_contain_text(
        "Din session var udløbet; log ind for at gemme det, du skrev."
    )
    settings.SESSION_COOKIE_AGE = 1800
    page.fill("#id_username", "karen@example.com")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page.get_by_label("Adresse")).to_have_value("Skovvej 12")
    expect(page.get_by_label("Navn")).to_have_value("Parkvejens Skole")
    assert School.objects.get(pk=school.pk).address == "Parkvej 1"  # not saved behind the person's back

    page.get_by_role("button", name="Gem").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert School.objects.get(pk=school.pk).address == "Skovvej 12"


def test_stay_logged_in_keeps_the_session(live_site, new_page, coordinator_school, settings):
    settings.SESSION_COOKIE_AGE = 6
    page = new_page("da")
    log_in(page, live_site.url, "karen@example.com", PASSWORD)
    page.goto(f"{live_site.url}/schools/")
    button = page.get_by_role("button", name="Forbliv logget ind")
    expect(button).to_be_focused(timeout=5000)
    page.keyboard.press("Enter")
    expect(page.locator("#session-warning")).to_be_hidden()
    page.wait_for_timeout(3000)  # past the first deadline, within the renewed one
    page.goto(f"{live_site.url}/schools/")
    expect(page.locator("h1")).not_to_have_text("Log ind")


def test_removing_a_contact_with_the_keyboard_alone(live_site, new_page, coordinator_school):
    school = coordinator_school
    person = ContactPersonFactory(school=school, name="Lise Lærer")
    page = new_page("da")
    log_in(page, live_site.url, "karen@example.com", PASSWORD)
    page.goto(f"{live_site.url}/schools/{school.pk}/")
    remove = page.get_by_role("link", name="Fjern Lise Lærer")
    for _ in range(80):  # Tab through the page to the link, as a keyboard user does
        page.keyboard.press("Tab")
        if remove.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the remove link cannot be reached with Tab")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Fjern Lise Lærer")
    expect(page.locator("main")).to_contain_text("Det kan ikke fortrydes.")
    assert ContactPerson.objects.filter(pk=person.pk).exists()

    confirm = page.get_by_role("button", name="Ja, fjern kontaktpersonen")
    for _ in range(40):
        page.keyboard.press("Tab")
        if confirm.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the confirm button cannot be reached with Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("fjernet")
    assert not ContactPerson.objects.filter(pk=person.pk).exists()
