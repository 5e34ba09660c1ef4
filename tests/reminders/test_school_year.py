"""A whole school year, day by day in frozen time: every event produces exactly one timely message to the
right people, and a second run on any day sends nothing."""

import datetime

import pytest

from hosting.models import HostSignup
from partnerships.models import Company, User
from reminders.digest import send_weekly_digests
from reminders.models import SentReminder
from reminders.tasks import DAILY_TASKS
from tests.factories import AgreementFactory, CompanyFactory, SchoolFactory, UserFactory
from tests.hosting.hosting_helpers import make_signup

from .helpers import days, on, run_on

pytestmark = pytest.mark.django_db

D = datetime.date
KOORD = "koordinator@odder.example.com"


@pytest.mark.slow
def test_a_school_year_of_reminders(settings, monkeypatch, coordinator, viewer, municipality):
    settings.HOST_QUESTION_MONTH = 8
    tasks = [task for task in DAILY_TASKS if task[1] is not send_weekly_digests]  # weekly: tested apart
    monkeypatch.setattr("reminders.management.commands.send_reminders.DAILY_TASKS", tasks)
    school = SchoolFactory(municipality=municipality)
    with on(D(2026, 7, 1)):
        ending = AgreementFactory(school=school, title="Slutter", end_date=D(2027, 1, 15))
        AgreementFactory(school=school, title="Åben")
        AgreementFactory(school=school, title="Lang", end_date=D(2028, 7, 31))
        host = CompanyFactory(municipality=municipality, name="Vært A/S")
        host_user = UserFactory(email="hr@vaert.example.com", role=User.Role.COMPANY, company=host)
    with on(D(2026, 9, 1)):
        draft = AgreementFactory(school=school, status="draft", title="Kladde")
    with on(D(2026, 10, 5)):  # a Monday
        signup = make_signup(municipality, status=HostSignup.Status.WAITING)
        signup.verified_at = signup.submitted_at
        signup.save()

    sent_on = {}
    for day in days(D(2026, 8, 1), D(2027, 7, 31)):
        for message in run_on(day):
            sent_on.setdefault(day, []).append((message.to[0], message.subject))
        if day.day == 1:
            assert run_on(day) == []  # a second run the same day

    log = {(r.kind, r.recipient, r.object_type, r.object_id) for r in SentReminder.objects.all()}
    assert log == {
        ("host_question", host_user.email, "partnerships.company", host.pk),
        ("host_question_again", host_user.email, "partnerships.company", host.pk),
        ("draft", KOORD, "partnerships.cooperationagreement", draft.pk),
        ("signup", KOORD, "hosting.hostsignup", signup.pk),
        ("ending_60", KOORD, "partnerships.cooperationagreement", ending.pk),
        ("at_risk", KOORD, "partnerships.municipality", municipality.pk),
        ("at_risk", viewer.email, "partnerships.municipality", municipality.pk),
        ("ending_14", KOORD, "partnerships.cooperationagreement", ending.pk),
    }
    assert sum(len(messages) for messages in sent_on.values()) == len(log)  # each exactly once
    assert sorted(sent_on) == [
        D(2026, 8, 1),  # the yearly question
        D(2026, 8, 15),  # its reminder
        D(2026, 9, 15),  # the draft, 14 days old
        D(2026, 10, 13),  # the sign-up, more than five working days
        D(2026, 11, 16),  # 60 days before the end; the goal at risk from 16 January
        D(2027, 1, 1),  # 14 days before the end
    ]
    assert Company.objects.get(pk=host.pk).yearly_host_answers.get().reminded_at is not None
