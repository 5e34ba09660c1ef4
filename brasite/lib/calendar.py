"""Calendar (ICS) events with stable UIDs, so a feed and an emailed invitation never duplicate an event."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event


def event_uid(*parts) -> str:
    """A UID that stays the same for the same thing: its parts at the portal's host name."""
    return "-".join(str(part) for part in parts) + "@" + (urlsplit(settings.SITE_URL).hostname or "localhost")


@dataclass(frozen=True)
class DayEvent:
    """An all-day event from `first_day` to `last_day` (both included)."""

    uid: str
    summary: str
    first_day: datetime.date
    last_day: datetime.date
    description: str = ""
    url: str = ""


def to_ical(events: list[DayEvent], *, name: str = "") -> bytes:
    """The events as one iCalendar (RFC 5545) file."""
    calendar = Calendar()
    calendar.add("prodid", "-//partnerships portal//calendar//EN")
    calendar.add("version", "2.0")
    if name:
        calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(datetime.UTC)
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.first_day)
        event.add(
            "dtend", item.last_day + datetime.timedelta(days=1)
        )  # DTEND of an all-day event is exclusive
        event.add("summary", item.summary)
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        calendar.add_component(event)
    return calendar.to_ical()


def ics_attachment(event: DayEvent, filename: str = "invitation.ics") -> tuple[str, bytes, str]:
    """(filename, content, mimetype) for `EmailMessage.attach`."""
    return filename, to_ical([event]), "text/calendar"
