import pytest
from playwright.sync_api import expect

from partnerships.models import CooperationAgreement, User
from tests.browser.conftest import log_in
from tests.factories import AgreementFactory, CompanyFactory, MunicipalityFactory, SchoolFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "en-lang-adgangskode"


@pytest.fixture
def setup(db):
    municipality = MunicipalityFactory(name="Odder", code="0727", slug="odder")
    school = SchoolFactory(municipality=municipality, name="Parkvejens Skole")
    company = CompanyFactory(municipality=municipality, name="Odder Maskinfabrik A/S")
    users = []
    for email in ("karen@example.com", "kirsten@example.com"):
        user = User.objects.create_user(email=email, password=PASSWORD, role=User.Role.COORDINATOR)
        user.municipalities.set([municipality])
        users.append(user)
    return municipality, school, company


def test_coordinator_creates_activates_and_sees_progress_change(live_site, new_page, setup):
    municipality, school, company = setup
    page = new_page("da")
    log_in(page, live_site.url, "karen@example.com", PASSWORD)
    expect(page.locator("main")).to_contain_text("0 af 3 aftaler")

    page.get_by_role("link", name="Ny aftale").first.click()
    page.get_by_label("Titel").fill("Produktionsuge i 7.A")
    page.locator("#id_school").select_option(label=school.name)
    page.locator("#id_company").select_option(label=f"{company.name} (Odder)")
    page.get_by_label("Startdato").fill("2025-08-11")
    page.get_by_role("button", name="Gem som kladde").click()
    expect(page.locator(".alert-success")).to_contain_text("kladde")

    page.get_by_role("link", name="Aktivér").click()
    expect(page.locator("main")).to_contain_text("Odder har i dag 0, der tæller med")
    expect(page.locator("main")).to_contain_text("vil kommunen have 1")
    page.get_by_role("button", name="Ja, skift til Aktiv").click()
    expect(page.locator(".alert-success")).to_contain_text("aktiv")

    page.get_by_role("link", name="Arbejdsområde").click()
    expect(page.locator("main")).to_contain_text("1 af 3 aftaler")
    assert CooperationAgreement.objects.get().status == CooperationAgreement.Status.ACTIVE


def test_second_of_two_concurrent_edits_is_refused_without_losing_input(live_site, new_page, setup):
    municipality, school, company = setup
    agreement = AgreementFactory(school=school, company=company, title="Fælles titel")
    edit_url = f"{live_site.url}/agreements/{agreement.pk}/edit/"
    first, second = new_page("da"), new_page("da")
    log_in(first, live_site.url, "karen@example.com", PASSWORD)
    log_in(second, live_site.url, "kirsten@example.com", PASSWORD)
    first.goto(edit_url)
    second.goto(edit_url)

    first.get_by_label("Titel").fill("Karens titel")
    first.get_by_role("button", name="Gem").click()
    expect(first.locator(".alert-success")).to_be_visible()

    second.get_by_label("Titel").fill("Kirstens titel")
    second.get_by_label("Aktiviteter").fill("Kirstens beskrivelse af forløbet")
    second.get_by_role("button", name="Gem").click()
    conflict = second.locator("#error-summary")
    expect(conflict).to_contain_text("Ikke gemt")
    expect(conflict).to_contain_text("Karens titel")
    expect(second.get_by_label("Titel")).to_have_value("Kirstens titel")
    expect(second.get_by_label("Aktiviteter")).to_have_value("Kirstens beskrivelse af forløbet")
    agreement.refresh_from_db()
    assert agreement.title == "Karens titel"
