"""The personal calendar feed (ICS, parsed back with icalendar), its secret revocable address, and the
HOP-IN publication email carrying the same event."""

import datetime

import icalendar
import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from partnerships.models import User
from programmes.hopin.publication import publish_plan
from reminders.models import CalendarFeed
from tests.factories import (
    AgreementFactory,
    ContactPersonFactory,
    HopInHostFactory,
    HopInWeekFactory,
    PlacementFactory,
    SchoolFactory,
    UserFactory,
)

from .helpers import on

pytestmark = pytest.mark.django_db

D = datetime.date


def events_of(content: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def day(value) -> datetime.date:
    return value.dt if isinstance(value.dt, datetime.date) else value.dt.date()


@pytest.fixture
def week(municipality):
    return HopInWeekFactory(
        municipality=municipality, school_year=2026, starts_on=D(2027, 3, 8), ends_on=D(2027, 3, 12)
    )


def feed_of(client, user) -> bytes:
    client.force_login(user)
    client.post(reverse("reminders:calendar_feed_create"))
    client.logout()
    response = client.get(CalendarFeed.objects.get(user=user).get_absolute_url())  # no login needed
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return response.content


def test_coordinator_feed_has_agreement_dates_and_hopin_weeks_with_stable_uids(
    client, coordinator, municipality, other_municipality, week
):
    agreement = AgreementFactory(
        school=SchoolFactory(municipality=municipality),
        title="Robotter",
        start_date=D(2026, 9, 1),
        end_date=D(2027, 6, 30),
    )
    AgreementFactory(school=SchoolFactory(municipality=other_municipality), title="Fremmed")
    with on(D(2026, 12, 1)):
        first = events_of(feed_of(client, coordinator))
        second = events_of(client.get(CalendarFeed.objects.get().get_absolute_url()).content)
    host = settings.SITE_URL.split("//")[1].split(":")[0]
    start_uid, end_uid, week_uid = (
        f"agreement-{agreement.pk}-start@{host}",
        f"agreement-{agreement.pk}-end@{host}",
        f"hopin-week-{week.pk}@{host}",
    )
    assert set(first) == {start_uid, end_uid, week_uid}
    assert set(second) == set(first)
    assert day(first[end_uid]["DTSTART"]) == D(2027, 6, 30)
    assert "Robotter" in str(first[end_uid]["SUMMARY"])
    assert day(first[week_uid]["DTSTART"]) == D(2027, 3, 8)
    assert day(first[week_uid]["DTEND"]) == D(2027, 3, 13)  # exclusive end of an all-day event
    assert str(first[end_uid]["URL"]) == settings.SITE_URL + agreement.get_absolute_url()


def test_company_feed_has_its_week_with_the_classes(client, municipality, week):
    host = HopInHostFactory(week=week, capacity=2)
    PlacementFactory(host=host, school_class__name="7.A", school_class__school_year=2026)
    user = UserFactory(role=User.Role.COMPANY, company=host.company)
    AgreementFactory(school=SchoolFactory(municipality=municipality), title="Andres aftale")
    with on(D(2026, 12, 1)):
        (event,) = events_of(feed_of(client, user)).values()
    assert "7.A" in str(event["DESCRIPTION"])
    assert day(event["DTSTART"]) == D(2027, 3, 8)


def test_publication_email_carries_the_same_event_as_the_feed(client, municipality, week):
    host = HopInHostFactory(week=week)
    PlacementFactory(host=host, school_class__name="7.B", school_class__school_year=2026)
    ContactPersonFactory(school=None, company=host.company, email="vaert@example.com")
    user = UserFactory(role=User.Role.COMPANY, company=host.company)
    publish_plan(week)
    (message,) = [m for m in mail.outbox if "vaert@example.com" in m.to]
    ((filename, content, mimetype),) = message.attachments
    assert mimetype == "text/calendar" and filename.endswith(".ics")
    with on(D(2026, 12, 1)):
        assert set(events_of(content if isinstance(content, bytes) else content.encode())) == set(
            events_of(feed_of(client, user))
        )


def test_revoked_address_stops_working_and_a_new_one_differs(client, coordinator):
    client.force_login(coordinator)
    client.post(reverse("reminders:calendar_feed_create"))
    old = CalendarFeed.objects.get().get_absolute_url()
    response = client.get(reverse("reminders:profile"))
    assert settings.SITE_URL + old in response.content.decode()
    client.post(reverse("reminders:calendar_feed_create"))
    new = CalendarFeed.objects.get().get_absolute_url()
    assert new != old
    assert client.get(old).status_code == 404
    client.post(reverse("reminders:calendar_feed_revoke"))
    assert client.get(new).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_feed_of_a_deactivated_user_is_refused(client, coordinator):
    feed = CalendarFeed.objects.create(user=coordinator)
    coordinator.is_active = False
    coordinator.save()
    assert client.get(feed.get_absolute_url()).status_code == 403


def test_profile_saves_language_and_switches(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("reminders:profile"),
        {"language": "en", "agreements_ending": "on", "goal_at_risk": "on"},
    )
    assert response.status_code == 302
    preferences = coordinator.reminder_preferences
    assert preferences.language == "en"
    assert preferences.agreements_ending and preferences.goal_at_risk
    assert not preferences.weekly_digest and not preferences.drafts_waiting
