"""The daily job over frozen time: which messages go out on which dates, to whom, and never twice."""

import datetime

import pytest
from django.conf import settings
from django.core.management import call_command

from hosting.models import HostSignup
from partnerships.models import CooperationAgreement, User
from reminders.agreements import goal_risks
from reminders.digest import send_weekly_digests
from reminders.models import AgreementReminderOption, ReminderPreferences, SentReminder
from reminders.signups import working_days_before
from reminders.tasks import DAILY_TASKS
from tests.factories import AgreementFactory, ContactPersonFactory, SchoolFactory, UserFactory
from tests.hosting.hosting_helpers import make_signup

from .helpers import days, on, run_on, to

pytestmark = pytest.mark.django_db

D = datetime.date
KOORD = "koordinator@odder.example.com"


@pytest.fixture(autouse=True)
def _one_kind_at_a_time(request, settings, monkeypatch):
    """Most tests look at one kind of message: the weekly digest is left out unless a test asks for it
    (`with_digest`), and hosts are asked in a month the tests do not reach."""
    settings.HOST_QUESTION_MONTH = 6
    if "with_digest" not in request.fixturenames:
        tasks = [task for task in DAILY_TASKS if task[1] is not send_weekly_digests]
        monkeypatch.setattr("reminders.management.commands.send_reminders.DAILY_TASKS", tasks)


@pytest.fixture
def with_digest(settings):
    settings.REMINDERS_DIGEST_WEEKDAY = 0


def agreement_ending(municipality, end, **fields):
    return AgreementFactory(
        school=SchoolFactory(municipality=municipality), start_date=D(2025, 8, 1), end_date=end, **fields
    )


def test_ending_agreement_is_reminded_once_60_and_once_14_days_before(coordinator, municipality):
    agreement = agreement_ending(municipality, D(2027, 1, 15), title="Robotter i 7.A")
    sent = {}
    for day in days(D(2026, 11, 1), D(2027, 1, 31)):
        for message in run_on(day):
            sent.setdefault(day, []).append(message)
    assert sorted(sent) == [D(2026, 11, 16), D(2027, 1, 1)]
    first, second = sent[D(2026, 11, 16)][0], sent[D(2027, 1, 1)][0]
    assert first.to == [KOORD] and second.to == [KOORD]
    assert "Robotter i 7.A" in first.subject
    link = settings.SITE_URL + agreement.get_absolute_url()
    assert link in first.body and link in second.body
    assert set(SentReminder.objects.values_list("kind", flat=True)) == {"ending_60", "ending_14"}


def test_a_second_run_the_same_day_sends_nothing(coordinator, municipality):
    agreement_ending(municipality, D(2027, 1, 15))
    assert len(run_on(D(2026, 12, 1))) == 1
    assert run_on(D(2026, 12, 1)) == []
    assert run_on(D(2026, 12, 2)) == []


def test_agreement_made_within_14_days_of_its_end_gets_only_the_last_reminder(coordinator, municipality):
    agreement_ending(municipality, D(2027, 1, 10))
    sent = [m for day in days(D(2026, 12, 30), D(2027, 1, 12)) for m in run_on(day)]
    assert len(sent) == 1
    assert SentReminder.objects.get().kind == SentReminder.Kind.ENDING_14


def test_moved_end_date_is_reminded_again(coordinator, municipality):
    agreement = agreement_ending(municipality, D(2027, 1, 15))
    assert len(run_on(D(2026, 11, 20))) == 1
    agreement.end_date = D(2027, 1, 20)
    agreement.save()
    assert len(run_on(D(2026, 11, 21))) == 1


def test_ended_or_cancelled_agreements_are_not_reminded(coordinator, municipality):
    agreement_ending(municipality, D(2027, 1, 15), status=CooperationAgreement.Status.CANCELLED)
    assert run_on(D(2026, 12, 1)) == []


def test_switched_off_reminder_is_not_sent(coordinator, municipality):
    ReminderPreferences.objects.create(user=coordinator, agreements_ending=False)
    other = UserFactory(
        email="anden@odder.example.com", role=User.Role.COORDINATOR, municipalities=[municipality]
    )
    agreement_ending(municipality, D(2027, 1, 15))
    sent = run_on(D(2026, 12, 1))
    assert [m.to for m in sent] == [[other.email]]


def test_reminder_is_in_the_recipients_language(coordinator, municipality):
    ReminderPreferences.objects.create(user=coordinator, language="en")
    danish = UserFactory(
        email="dansk@odder.example.com", role=User.Role.COORDINATOR, municipalities=[municipality]
    )
    agreement_ending(municipality, D(2027, 1, 15), title="Samarbejde")
    sent = run_on(D(2026, 12, 1))
    assert to(sent, KOORD)[0].subject.startswith("Agreement ends on")
    assert to(sent, danish.email)[0].subject.startswith("Aftalen slutter den")


def test_other_municipalities_coordinators_hear_nothing(coordinator, municipality, other_municipality):
    agreement_ending(other_municipality, D(2027, 1, 15))
    assert to(run_on(D(2026, 12, 1)), KOORD) == []


def test_contact_persons_are_told_only_when_the_agreement_says_so(coordinator, municipality):
    agreement = agreement_ending(municipality, D(2027, 1, 15))
    contact = ContactPersonFactory(school=agreement.school, email="laerer@skole.example.com")
    assert to(run_on(D(2026, 11, 20)), contact.email) == []
    AgreementReminderOption.objects.create(agreement=agreement, notify_contacts=True)
    sent = run_on(D(2027, 1, 2))
    assert len(to(sent, contact.email)) == 1
    assert len(to(sent, KOORD)) == 1


def test_draft_is_reminded_once_14_days_after_it_was_made(coordinator, municipality):
    with on(D(2026, 9, 1)):
        draft = AgreementFactory(
            school=SchoolFactory(municipality=municipality), status="draft", title="Kladde"
        )
    assert run_on(D(2026, 9, 14)) == []
    sent = run_on(D(2026, 9, 15))
    assert len(sent) == 1 and "Kladde" in sent[0].subject
    assert settings.SITE_URL + draft.get_absolute_url() in sent[0].body
    assert [m for day in days(D(2026, 9, 15), D(2026, 10, 31)) for m in run_on(day)] == []


def test_working_days_skip_weekends():
    assert working_days_before(D(2026, 3, 10), 5) == D(2026, 3, 3)  # Tuesday → Tuesday before
    assert working_days_before(D(2026, 3, 9), 5) == D(2026, 3, 2)  # Monday → Monday before


def test_signup_waiting_more_than_five_working_days_is_reminded_once(coordinator, municipality):
    with on(D(2026, 3, 2)):  # a Monday
        signup = make_signup(municipality, status=HostSignup.Status.WAITING)
        signup.verified_at = signup.submitted_at
        signup.save()
    assert run_on(D(2026, 3, 9)) == []  # five working days
    sent = run_on(D(2026, 3, 10))
    assert len(sent) == 1 and signup.name in sent[0].subject
    assert settings.SITE_URL + "/hosts/queue/" in sent[0].body
    assert run_on(D(2026, 3, 11)) == []


def test_decided_signup_is_not_reminded(coordinator, municipality):
    with on(D(2026, 3, 2)):
        make_signup(municipality, status=HostSignup.Status.APPROVED)
    assert run_on(D(2026, 3, 20)) == []


def test_the_daily_job_deletes_signups_past_their_retention_period(municipality, settings):
    settings.HOST_SIGNUP_RETENTION_DAYS = 30
    with on(D(2026, 3, 2)):
        unconfirmed = make_signup(municipality)
        waiting = make_signup(municipality, status=HostSignup.Status.WAITING, contact_email="w@example.com")
    run_on(D(2026, 3, 31))
    assert HostSignup.objects.filter(pk=unconfirmed.pk).exists()  # 29 days
    with on(D(2026, 4, 2)):
        call_command("send_reminders", "--dry-run", verbosity=0)
    assert HostSignup.objects.filter(pk=unconfirmed.pk).exists()  # a dry run deletes nothing
    run_on(D(2026, 4, 2))
    assert list(HostSignup.objects.all()) == [waiting]  # what waits for a decision stays


class TestGoalAtRisk:
    """Goal 3, three agreements counting; one ends on 15 January 2027, so the municipality falls to 2 of 3
    on 16 January: the alert comes when that end date is within 60 days, on 16 November 2026."""

    @pytest.fixture
    def three(self, municipality):
        school = SchoolFactory(municipality=municipality)
        return [
            AgreementFactory(school=school, title="Slutter snart", end_date=D(2027, 1, 15)),
            AgreementFactory(school=school, title="Løber videre"),
            AgreementFactory(school=school, title="Også videre", end_date=D(2028, 7, 31)),
        ]

    def test_alert_on_the_first_day_the_end_is_within_60_days(self, three, coordinator, viewer):
        assert goal_risks(D(2026, 11, 15)) == []
        (risk,) = goal_risks(D(2026, 11, 16))
        assert (risk.falls_on, risk.counting_today, risk.counting_then, risk.goal) == (
            D(2027, 1, 16),
            3,
            2,
            3,
        )
        assert [a.title for a in risk.ending] == ["Slutter snart"]

    def test_alert_is_sent_once_to_coordinators_and_regional_viewers(self, three, coordinator, viewer):
        sent = [m for day in days(D(2026, 11, 10), D(2027, 1, 20)) for m in run_on(day)]
        alerts = [m for m in sent if "Odder" in m.subject and ("goal" in m.subject or "mål" in m.subject)]
        assert sorted(m.to[0] for m in alerts) == sorted([KOORD, viewer.email])
        assert "16. januar 2027" in alerts[0].body or "16 January 2027" in alerts[0].body
        assert "Slutter snart" in alerts[0].body
        assert settings.SITE_URL + three[0].get_absolute_url() in alerts[0].body

    def test_no_alert_when_a_new_agreement_starts_in_time(self, three, municipality):
        AgreementFactory(school=three[0].school, start_date=D(2027, 1, 10))
        assert goal_risks(D(2026, 12, 1)) == []

    def test_no_alert_when_a_new_agreement_starts_only_after_the_fall(self, three):
        AgreementFactory(school=three[0].school, start_date=D(2027, 1, 20))
        (risk,) = goal_risks(D(2026, 12, 1))
        assert risk.falls_on == D(2027, 1, 16)

    def test_no_alert_when_already_below_the_goal(self, three):
        three[1].delete()
        assert goal_risks(D(2026, 12, 1)) == []

    def test_no_alert_with_spare_agreements(self, three):
        AgreementFactory(school=three[0].school)
        assert goal_risks(D(2026, 12, 1)) == []

    def test_switched_off_for_the_viewer(self, three, coordinator, viewer):
        ReminderPreferences.objects.create(user=viewer, goal_at_risk=False)
        sent = run_on(D(2026, 11, 16))
        assert to(sent, viewer.email) == []


def test_weekly_digest_once_per_week_on_by_default_and_off_in_the_profile(
    with_digest, coordinator, municipality
):
    AgreementFactory(school=SchoolFactory(municipality=municipality))
    silent = UserFactory(
        email="stille@odder.example.com", role=User.Role.COORDINATOR, municipalities=[municipality]
    )
    ReminderPreferences.objects.create(user=silent, weekly_digest=False)
    sent = [m for day in days(D(2026, 11, 30), D(2026, 12, 13)) for m in run_on(day)]  # Monday to Sunday+7
    digests = to(sent, KOORD)
    assert len(digests) == 2
    assert to(sent, silent.email) == []
    assert "Odder" in digests[0].body and "1 / 3" not in digests[0].body
    assert settings.SITE_URL + "/workspace/odder/" in digests[0].body
    assert settings.SITE_URL + "/profile/" in digests[0].body


def test_dry_run_sends_and_records_nothing(coordinator, municipality):
    agreement_ending(municipality, D(2027, 1, 15))
    with on(D(2026, 12, 1)):
        call_command("send_reminders", "--dry-run", verbosity=0)
    assert not SentReminder.objects.exists()
    assert len(run_on(D(2026, 12, 1))) == 1


def test_sent_log_forgets_addresses_after_400_days(coordinator, municipality):
    agreement_ending(municipality, D(2027, 1, 15))
    run_on(D(2026, 12, 1))
    run_on(D(2027, 1, 5))  # within 14 days: the second reminder
    run_on(D(2027, 1, 5) + datetime.timedelta(days=398))
    assert SentReminder.objects.count() == 1  # the first one, more than 400 days old, is gone


def test_admin_pages_of_the_reminders_load(client, superuser, coordinator, municipality):
    agreement_ending(municipality, D(2027, 1, 15))
    run_on(D(2026, 12, 1))
    client.force_login(superuser)
    for model in (
        "reminderpreferences",
        "sentreminder",
        "agreementreminderoption",
        "calendarfeed",
        "hostanswer",
    ):
        assert client.get(f"/admin/reminders/{model}/").status_code == 200
