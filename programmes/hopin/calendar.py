"""The HOP-IN week as a calendar event: one UID in the personal feed and in the published plan's email."""

from django.utils.translation import gettext as _

from brasite.lib.calendar import DayEvent, event_uid
from brasite.lib.email import absolute_url

from .models import HopInHost, HopInWeek, Placement


def week_event(week: HopInWeek) -> DayEvent:
    """The week as coordinators see it."""
    return DayEvent(
        uid=event_uid("hopin-week", week.pk),
        summary=_("HOP-IN week in %(municipality)s") % {"municipality": week.municipality.name},
        first_day=week.starts_on,
        last_day=week.ends_on,
        url=absolute_url(week.get_absolute_url()),
    )


def _class_lines(placements: list[Placement], *, with_host: bool) -> str:
    lines = []
    for p in placements:
        line = f"{p.school_class.name}, {p.school_class.school.name}"
        if with_host:
            line += f" → {p.host.company.name}"
        lines.append(line)
    return "\n".join(lines)


def host_event(week: HopInWeek, host: HopInHost, placements: list[Placement]) -> DayEvent:
    """The week as one host sees it, with the classes that come to it."""
    return DayEvent(
        uid=event_uid("hopin-week", week.pk, "host", host.pk),
        summary=_("HOP-IN week in %(municipality)s") % {"municipality": week.municipality.name},
        first_day=week.starts_on,
        last_day=week.ends_on,
        description=_class_lines(placements, with_host=False),
    )


def school_event(week: HopInWeek, school, placements: list[Placement]) -> DayEvent:
    """The week as one school sees it, with where its classes go."""
    return DayEvent(
        uid=event_uid("hopin-week", week.pk, "school", school.pk),
        summary=_("HOP-IN week in %(municipality)s") % {"municipality": week.municipality.name},
        first_day=week.starts_on,
        last_day=week.ends_on,
        description=_class_lines(placements, with_host=True),
    )
