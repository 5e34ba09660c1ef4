"""End to end in headless Chromium: from the public form to a company login that edits its capacity."""

import os
from pathlib import Path

import pytest
from django.core import mail

from partnerships.models import Company, User
from tests.factories import UserFactory

from .hosting_helpers import link_in

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium"),
]


@pytest.fixture
def page(live_server, settings):
    from playwright.sync_api import sync_playwright

    settings.SITE_URL = live_server.url
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    # Playwright's sync API runs an event loop; the test's own ORM calls are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-features=HttpsUpgrades",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
            ],
        )
        context = browser.new_context(locale="en-GB")
        yield context.new_page()
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def log_in(page, base_url, email, password):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")


def test_company_goes_from_public_form_to_working_login(page, live_server, municipality):
    coordinator = UserFactory(
        role=User.Role.COORDINATOR,
        municipalities=[municipality],
        email="koord@odder.dk",
        password="koordinator-2026!",
    )
    base = live_server.url

    page.goto(f"{base}/")
    page.click("main >> text=Become a host company")
    page.fill("#id_name", "Odder Maskinfabrik ApS")
    page.fill("#id_cvr", "DK 12 34 56 74")
    page.fill("#id_address", "Rosensgade 1")
    page.fill("#id_postcode", "8300")
    assert page.eval_on_selector("#id_municipality", "e => e.options[e.selectedIndex].text") == "Odder"
    page.fill("#id_contact_name", "Mette Hansen")
    page.fill("#id_contact_email", "mette@example.com")
    page.fill("#id_contact_phone", "12 34 56 78")
    page.check("#id_consent")
    page.click("text=Send sign-up")
    assert page.inner_text("h1") == "Check your email"

    page.goto(link_in(mail.outbox[-1]))
    page.click("text=Confirm my email address")
    assert page.inner_text("h1") == "Your email address is confirmed"
    assert any(coordinator.email in message.to for message in mail.outbox)

    log_in(page, base, coordinator.email, "koordinator-2026!")
    page.goto(f"{base}/hosts/queue/")
    row = page.locator("tr", has_text="Odder Maskinfabrik ApS")
    row.locator("text=Approve").click()
    page.click("text=Yes, approve")
    assert "approved host" in page.inner_text(".alert")
    page.click("text=Log out")

    page.goto(link_in(mail.outbox[-1]))
    page.fill("#id_new_password1", "Maskiner-og-elever-2026")
    page.fill("#id_new_password2", "Maskiner-og-elever-2026")
    page.click("text=Set password")
    log_in(page, base, "mette@example.com", "Maskiner-og-elever-2026")
    assert page.inner_text("h1") == "Odder Maskinfabrik ApS"
    page.click("text=Edit company details")
    page.fill("#id_hosting_capacity", "5")
    page.click("main button[type=submit]")
    assert "5 classes per HOP-IN week" in page.inner_text("#hosting-capacity")
    company = Company.objects.get(cvr="12345674")
    assert company.hosting_capacity == 5
    assert company.host_status == Company.HostStatus.APPROVED
