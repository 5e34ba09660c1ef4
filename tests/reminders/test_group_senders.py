"""Every reminder is sent and signed in the name of the municipality's group: a municipality of the second
group (Region Nordjylland's) gets that group's sender name and signature, BRAA's keep BRAA's."""

import datetime
from email.utils import parseaddr

import pytest
from django.core import mail

from hosting.models import HostSignup
from partnerships.models import CooperationAgreement, Municipality, User
from reminders.agreements import alert_goal_at_risk, remind_drafts, remind_ending
from reminders.delivery import Outbox
from reminders.digest import send_weekly_digests
from reminders.hosts import ask_hosts
from reminders.signups import remind_waiting_signups
from tests.factories import AgreementFactory, CompanyFactory, SchoolFactory, UserFactory
from tests.hosting.hosting_helpers import make_signup

from .helpers import on, to

pytestmark = pytest.mark.django_db
D = datetime.date
BRAA_SIGNATURE = "Business Region Aarhus – samarbejde mellem skoler og virksomheder"


@pytest.fixture
def aalborg(north):
    return Municipality.objects.get(code="0851")


@pytest.fixture
def north_coordinator(aalborg):
    return UserFactory(
        email="koordinator@aalborg.example.dk", role=User.Role.COORDINATOR, municipalities=[aalborg]
    )


def run(task, day: datetime.date) -> list:
    before = len(mail.outbox)
    with on(day):
        task(day, Outbox())
    return mail.outbox[before:]


def assert_sent_by(message, name: str, signature: str) -> None:
    assert parseaddr(message.from_email)[0] == name
    assert message.body.rstrip().endswith(signature)


def assert_sent_by_north(message, north) -> None:
    assert_sent_by(message, "Nordjyske Partnerskaber", north.email_signature)


def test_ending_agreements_are_signed_by_each_municipalitys_group(north, aalborg, north_coordinator):
    aarhus = Municipality.objects.get(code="0751")
    braa_coordinator = UserFactory(role=User.Role.COORDINATOR, municipalities=[aarhus])
    for place in (aalborg, aarhus):
        AgreementFactory(school=SchoolFactory(municipality=place), end_date=D(2027, 1, 15))
    sent = run(remind_ending, D(2026, 12, 1))
    (north_message,) = to(sent, north_coordinator.email)
    assert_sent_by_north(north_message, north)
    (braa_message,) = to(sent, braa_coordinator.email)
    assert_sent_by(braa_message, "BRAA Partnerskaber", BRAA_SIGNATURE)


def test_draft_reminder_is_signed_by_the_group(north, aalborg, north_coordinator):
    with on(D(2026, 11, 1)):
        AgreementFactory(school=SchoolFactory(municipality=aalborg), status=CooperationAgreement.Status.DRAFT)
    (message,) = to(run(remind_drafts, D(2026, 11, 20)), north_coordinator.email)
    assert_sent_by_north(message, north)


def test_waiting_signup_reminder_is_signed_by_the_group(north, aalborg, north_coordinator):
    with on(D(2026, 3, 2)):
        signup = make_signup(aalborg, status=HostSignup.Status.WAITING)
        signup.verified_at = signup.submitted_at
        signup.save()
    (message,) = to(run(remind_waiting_signups, D(2026, 3, 10)), north_coordinator.email)
    assert_sent_by_north(message, north)


def test_goal_at_risk_reaches_only_the_viewers_who_follow_the_municipality(north, aalborg, north_coordinator):
    north_viewer = UserFactory(role=User.Role.VIEWER)
    north_viewer.viewer_groups.set([north])
    braa_viewer = UserFactory(role=User.Role.VIEWER)  # follows no group: the default group, BRAA
    school = SchoolFactory(municipality=aalborg)
    AgreementFactory(school=school, end_date=D(2027, 1, 15))
    AgreementFactory(school=school)  # with the fixture's agreement: three counting
    sent = run(alert_goal_at_risk, D(2026, 11, 16))
    (message,) = to(sent, north_viewer.email)
    assert_sent_by_north(message, north)
    assert len(to(sent, north_coordinator.email)) == 1
    assert to(sent, braa_viewer.email) == []


def test_weekly_digest_is_signed_by_the_coordinators_group(north, north_coordinator, settings):
    settings.REMINDERS_DIGEST_WEEKDAY = 0
    (message,) = to(run(send_weekly_digests, D(2026, 11, 30)), north_coordinator.email)
    assert_sent_by_north(message, north)


def test_host_question_is_signed_by_the_companys_group(north, aalborg, settings):
    settings.HOST_QUESTION_MONTH = 8
    host = CompanyFactory(municipality=aalborg)
    company_user = UserFactory(role=User.Role.COMPANY, company=host)
    (message,) = to(run(ask_hosts, D(2026, 8, 3)), company_user.email)
    assert_sent_by_north(message, north)
