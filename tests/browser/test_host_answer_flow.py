"""End to end in headless Chromium: a host company answers the yearly question from its email link, then
changes the answer on its portal page, where it also sees its HOP-IN week and its coordinator."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from partnerships.models import Company, User
from partnerships.schoolyears import SchoolYear
from reminders.models import HostAnswer
from tests.browser.conftest import log_in
from tests.factories import (
    CompanyFactory,
    HopInHostFactory,
    HopInWeekFactory,
    MunicipalityFactory,
    PlacementFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_company_answers_the_yearly_question(live_site, new_page, settings):
    settings.SITE_URL = live_site.url
    today = timezone.localdate()
    settings.HOST_QUESTION_MONTH = today.month
    year = SchoolYear.containing(today)
    municipality = MunicipalityFactory(name="Odder", code="0727", slug="odder")
    programme = ProgrammeFactory(name="HOP-IN", slug="hop-in")
    UserFactory(
        role=User.Role.COORDINATOR, municipalities=[municipality], email="koord@odder.dk", first_name="Karen"
    )
    company = CompanyFactory(municipality=municipality, name="Odder Stål A/S", hosting_capacity=1)
    UserFactory(
        role=User.Role.COMPANY, company=company, email="hr@odderstaal.dk", password="Staal-og-elever-2026"
    )
    week = HopInWeekFactory(
        municipality=municipality,
        school_year=year.start_year,
        starts_on=max(today, year.first_day),
        ends_on=max(today, year.first_day),
    )
    host = HopInHostFactory(week=week, company=company)
    PlacementFactory(host=host, school_class__name="7.C", school_class__school_year=year.start_year)

    call_command("send_reminders", verbosity=0)
    (question,) = [m for m in mail.outbox if "hr@odderstaal.dk" in m.to]
    link = re.search(r"https?://\S+/hosting/answer/\S+/", question.body).group(0)

    page = new_page("en")
    page.goto(link)
    expect(page.locator("h1")).to_have_text(f"Will you host pupils in {year.label}?")
    page.get_by_label("Yes, we will host").check()
    page.fill("#id_classes", "4")
    page.get_by_label("HOP-IN").check()
    page.click("text=Send the answer")
    expect(page.locator("h1")).to_have_text("Thank you for your answer")
    company.refresh_from_db()
    assert company.hosting_capacity == 4
    assert list(company.programmes_of_interest.all()) == [programme]

    log_in(page, live_site.url, "hr@odderstaal.dk", "Staal-og-elever-2026")
    page.click("text=HOP-IN weeks, coordinator and this year's answer")
    expect(page.locator("main")).to_contain_text("7.C")
    expect(page.locator("main")).to_contain_text("koord@odder.dk")
    expect(page.locator(".alert-info")).to_contain_text("Yes, we will host")
    page.get_by_label("Not this year").check()
    page.fill("#id_reason", "Vi bygger om")
    page.click("text=Send the answer")
    expect(page.locator(".alert-success")).to_contain_text("your answer was saved")
    answer = HostAnswer.objects.get(company=company, school_year=year.start_year)
    assert (answer.answer, answer.reason) == ("no", "Vi bygger om")
    assert Company.objects.get(pk=company.pk).hosting_capacity == 4  # declining keeps the capacity
