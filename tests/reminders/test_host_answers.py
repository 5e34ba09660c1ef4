"""The yearly question to approved hosts: asked once, reminded once, a signed expiring single-purpose link,
and answers that change capacity, programmes and this year's outreach."""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse

from hosting.services import signup_token
from partnerships.models import Company, User
from programmes.hopin.placement_forms import HopInHostForm
from programmes.hopin.services import add_approved_hosts
from reminders.hosts import answer_token
from reminders.models import HostAnswer, ReminderPreferences
from tests.factories import (
    CompanyFactory,
    ContactPersonFactory,
    HopInWeekFactory,
    PlacementFactory,
    ProgrammeFactory,
    UserFactory,
)
from tests.hosting.hosting_helpers import make_signup

from .helpers import days, on, run_on, to

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def _ask_in_august(settings):
    settings.HOST_QUESTION_MONTH = 8
    settings.HOST_QUESTION_LINK_DAYS = 30
    settings.REMINDERS_DIGEST_WEEKDAY = 6


@pytest.fixture
def host(municipality):
    return CompanyFactory(municipality=municipality, name="Odder Stål A/S", hosting_capacity=1)


@pytest.fixture
def host_user(host):
    return UserFactory(email="hr@odderstaal.example.com", role=User.Role.COMPANY, company=host)


def link_in(message) -> str:
    return re.search(r"https?://\S+/hosting/answer/\S+/", message.body).group(0)


def path_of(link: str) -> str:
    assert link.startswith(settings.SITE_URL)
    return link[len(settings.SITE_URL) :]


def test_each_host_is_asked_once_and_reminded_once(host, host_user, municipality):
    pending = CompanyFactory(municipality=municipality, host_status=Company.HostStatus.PENDING)
    ContactPersonFactory(school=None, company=pending, email="vent@example.com")
    sent = {}
    for day in days(D(2026, 7, 25), D(2026, 10, 31)):
        for message in to(run_on(day), host_user.email):
            sent[day] = message
    assert sorted(sent) == [D(2026, 8, 1), D(2026, 8, 15)]
    assert "2026/27" in sent[D(2026, 8, 1)].subject
    assert link_in(sent[D(2026, 8, 1)]).startswith(settings.SITE_URL + "/hosting/answer/")
    answer = HostAnswer.objects.get(company=host, school_year=2026)
    assert answer.asked_at is not None and answer.reminded_at is not None


def test_a_host_that_answered_gets_no_reminder(client, host, host_user):
    (question,) = to(run_on(D(2026, 8, 3)), host_user.email)
    with on(D(2026, 8, 5)):
        response = client.post(path_of(link_in(question)), {"answer": "no", "reason": "Travlt år"})
    assert response.status_code == 302
    assert response["Location"].endswith("/thanks/")
    assert [m for day in days(D(2026, 8, 4), D(2026, 9, 30)) for m in to(run_on(day), host_user.email)] == []


def test_contact_persons_are_asked_when_the_company_has_no_login(host):
    contact = ContactPersonFactory(school=None, company=host, email="kontakt@odderstaal.example.com")
    assert len(to(run_on(D(2026, 8, 1)), contact.email)) == 1


def test_the_question_and_its_reminder_greet_the_person_not_the_company(host, host_user, municipality):
    host_user.first_name, host_user.last_name = "Mette", "Holm"
    host_user.save()
    question = to(run_on(D(2026, 8, 1)), host_user.email)[0]
    reminder = to(run_on(D(2026, 8, 15)), host_user.email)[0]
    for message in (question, reminder):
        assert message.body.startswith("Kære Mette Holm\n")
        assert "Kære Odder Stål" not in message.body
    contact = ContactPersonFactory(school=None, company=host, name="Jens Berg", email="jens@odderstaal.dk")
    host_user.delete()
    HostAnswer.objects.all().delete()
    assert to(run_on(D(2027, 8, 1)), contact.email)[0].body.startswith("Kære Jens Berg\n")


def test_a_greeting_without_a_known_name_falls_back_to_the_company(host, host_user):
    host_user.first_name = host_user.last_name = ""
    host_user.save()
    assert to(run_on(D(2026, 8, 1)), host_user.email)[0].body.startswith("Kære Odder Stål A/S\n")


def test_switched_off_question_is_not_sent(host, host_user):
    ReminderPreferences.objects.create(user=host_user, host_question=False)
    assert to(run_on(D(2026, 8, 1)), host_user.email) == []


def test_answer_yes_updates_capacity_and_programmes(client, host, host_user):
    programme = ProgrammeFactory(name="HOP-IN", slug="hop-in")
    (question,) = to(run_on(D(2026, 8, 1)), host_user.email)
    url = path_of(link_in(question))
    with on(D(2026, 8, 2)):
        assert client.get(url).status_code == 200
        response = client.post(
            url, {"answer": "yes", "classes": "3", "programmes": [programme.pk]}, follow=True
        )
    assert response.status_code == 200
    assert "Tak for jeres svar" in response.content.decode()
    host.refresh_from_db()
    assert host.hosting_capacity == 3
    assert list(host.programmes_of_interest.all()) == [programme]
    answer = HostAnswer.objects.get(company=host)
    assert (answer.answer, answer.classes) == ("yes", 3)


def test_yes_without_classes_is_refused_politely(client, host, host_user):
    (question,) = to(run_on(D(2026, 8, 1)), host_user.email)
    with on(D(2026, 8, 2)):
        response = client.post(path_of(link_in(question)), {"answer": "yes"}, HTTP_ACCEPT_LANGUAGE="da")
    assert response.status_code == 200
    assert "Skriv hvor mange klasser" in response.content.decode()
    assert not HostAnswer.objects.get(company=host).answer


def test_link_expires(client, host, host_user):
    (question,) = to(run_on(D(2026, 8, 1)), host_user.email)
    with on(D(2026, 9, 1)):  # 31 days later
        response = client.post(path_of(link_in(question)), {"answer": "yes", "classes": "2"})
    assert response.status_code == 410
    assert not HostAnswer.objects.get(company=host).answer


@pytest.mark.parametrize("change", ["tamper", "other_purpose"])
def test_link_works_only_for_its_purpose(client, host, host_user, municipality, change):
    (question,) = to(run_on(D(2026, 8, 1)), host_user.email)
    token = path_of(link_in(question)).split("/")[-2]
    if change == "tamper":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    else:  # a validly signed link of another kind (a sign-up confirmation) does not open the answer
        token = signup_token(make_signup(municipality))
    with on(D(2026, 8, 2)):
        response = client.post(reverse("reminders:host_answer", args=[token]), {"answer": "no"})
    assert response.status_code == 400
    assert not HostAnswer.objects.get(company=host).answer


def test_link_of_last_year_does_not_open_this_years_answer(client, host):
    old = HostAnswer.objects.create(company=host, school_year=2025)
    token = answer_token(old)
    old.delete()
    HostAnswer.objects.create(company=host, school_year=2026)
    with on(D(2026, 8, 2)):
        assert client.get(reverse("reminders:host_answer", args=[token])).status_code == 400


def test_not_this_year_keeps_the_company_out_of_this_years_hopin_hosts(client, host, host_user, municipality):
    other = CompanyFactory(municipality=municipality, name="Anden ApS")
    (question,) = to(run_on(D(2026, 8, 1)), host_user.email)
    with on(D(2026, 8, 2)):
        client.post(path_of(link_in(question)), {"answer": "no", "reason": "Ombygning"})
    week = HopInWeekFactory(
        municipality=municipality, school_year=2026, starts_on=D(2027, 3, 8), ends_on=D(2027, 3, 12)
    )
    picker = dict(HopInHostForm(week=week).fields["company"].choices)
    assert "Odder Stål A/S – Ikke i år" in [str(label) for label in picker.values()]
    assert add_approved_hosts(week) == 1
    assert list(week.hosts.values_list("company", flat=True)) == [other.pk]
    next_year = HopInWeekFactory(
        municipality=municipality, school_year=2027, starts_on=D(2028, 3, 6), ends_on=D(2028, 3, 10)
    )
    assert add_approved_hosts(next_year) == 2


def test_answer_shows_in_host_picker_and_company_list(client, host, coordinator, municipality):
    HostAnswer.objects.create(company=host, school_year=2026, answer="maybe", classes=2)
    week = HopInWeekFactory(
        municipality=municipality, school_year=2026, starts_on=D(2027, 3, 8), ends_on=D(2027, 3, 12)
    )
    labels = [label for _value, label in HopInHostForm(week=week).fields["company"].choices]
    assert "Odder Stål A/S – Måske (2)" in labels
    client.force_login(coordinator)
    with on(D(2026, 9, 1)):
        page = client.get(reverse("partnerships:company_list"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Maybe (2)" in page.content.decode()


def test_company_answers_on_its_portal_page(client, host, host_user, coordinator, municipality):
    week = HopInWeekFactory(
        municipality=municipality,
        school_year=2026,
        starts_on=D(2027, 3, 8),
        ends_on=D(2027, 3, 12),
        coordinator=coordinator,
        coordinator_phone="+4587654321",
    )
    PlacementFactory(
        host__week=week, host__company=host, school_class__name="7.K", school_class__school_year=2026
    )
    client.force_login(host_user)
    with on(D(2026, 9, 1)):
        page = client.get(reverse("reminders:company_hosting")).content.decode()
        assert coordinator.email in page and "7.K" in page
        assert "87 65 43 21" in page or "87654321" in page
        response = client.post(reverse("reminders:company_hosting"), {"answer": "own"})
    assert response.status_code == 302
    assert HostAnswer.objects.get(company=host, school_year=2026).answer == "own"
    assert to(run_on(D(2027, 7, 31)), host_user.email) == []
    assert len(to(run_on(D(2027, 8, 1)), host_user.email)) == 1  # the next school year asks again
