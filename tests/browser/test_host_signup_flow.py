"""End to end in headless Chromium: from the public form to a company login that edits its capacity."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from partnerships.models import Company, User
from tests.browser.conftest import log_in
from tests.factories import MunicipalityFactory, UserFactory
from tests.hosting.hosting_helpers import link_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_company_goes_from_public_form_to_working_login(live_site, new_page, settings):
    settings.SITE_URL = live_site.url
    municipality = MunicipalityFactory(name="Odder", code="0727", slug="odder")
    coordinator = UserFactory(
        role=User.Role.COORDINATOR,
        municipalities=[municipality],
        email="koord@odder.dk",
        password="koordinator-2026!",
    )
    base = live_site.url
    page = new_page("en")

    page.goto(f"{base}/")
    page.click("main >> text=Become a host company")
    page.fill("#id_name", "Odder Maskinfabrik ApS")
    page.fill("#id_cvr", "DK 12 34 56 74")
    page.fill("#id_address", "Rosensgade 1")
    page.fill("#id_postcode", "8350")  # Hundslund: in Odder only
    expect(page.locator("#id_municipality option:checked")).to_have_text("Odder")
    page.fill("#id_contact_name", "Mette Hansen")
    page.fill("#id_contact_email", "mette@example.com")
    page.fill("#id_contact_phone", "12 34 56 78")
    page.check("#id_consent")
    page.click("text=Send sign-up")
    expect(page.locator("h1")).to_have_text("Check your email")

    page.goto(link_in(mail.outbox[-1]))
    page.click("text=Confirm my email address")
    expect(page.locator("h1")).to_have_text("Your email address is confirmed")
    assert any(coordinator.email in message.to for message in mail.outbox)

    log_in(page, base, coordinator.email, "koordinator-2026!")
    page.goto(f"{base}/hosts/queue/")
    page.locator("tr", has_text="Odder Maskinfabrik ApS").get_by_role("link", name="Approve").click()
    page.click("text=Yes, approve")
    expect(page.locator(".alert-success")).to_contain_text("approved host")
    page.context.clear_cookies()  # log the coordinator out

    page.goto(link_in(mail.outbox[-1]))
    page.fill("#id_new_password1", "Maskiner-og-elever-2026")
    page.fill("#id_new_password2", "Maskiner-og-elever-2026")
    page.click("text=Set password")
    log_in(page, base, "mette@example.com", "Maskiner-og-elever-2026")
    expect(page.locator("h1")).to_have_text("Odder Maskinfabrik ApS")
    page.click("text=Edit company details")
    page.fill("#id_hosting_capacity", "5")
    page.click("main button[type=submit]")
    expect(page.locator("#hosting-capacity")).to_contain_text("5 classes per HOP-IN week")
    company = Company.objects.get(cvr="12345674")
    assert company.hosting_capacity == 5
    assert company.host_status == Company.HostStatus.APPROVED
