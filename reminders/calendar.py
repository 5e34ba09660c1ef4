"""A user's personal calendar: coordinators see agreement start and end dates and their HOP-IN weeks;
company users see their HOP-IN weeks with the classes coming. UIDs are stable (brasite.lib.calendar)."""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from brasite.lib.calendar import DayEvent, event_uid
from brasite.lib.email import absolute_url
from partnerships.models import CooperationAgreement, User
from programmes.hopin.calendar import host_event, week_event
from programmes.models import HopInHost, HopInWeek, Placement

PAST_DAYS = 365  # how far back the feed reaches


def agreement_events(user: User, since: datetime.date) -> list[DayEvent]:
    agreements = (
        CooperationAgreement.objects.visible_to(user)
        .exclude(status=CooperationAgreement.Status.CANCELLED)
        .filter(Q(start_date__gte=since) | Q(end_date__gte=since))
        .order_by("pk")
    )
    events = []
    for agreement in agreements:
        url = absolute_url(agreement.get_absolute_url())
        if agreement.start_date >= since:
            events.append(
                DayEvent(
                    event_uid("agreement", agreement.pk, "start"),
                    _("Agreement starts: %(title)s") % {"title": agreement.title},
                    agreement.start_date,
                    agreement.start_date,
                    url=url,
                )
            )
        if agreement.end_date and agreement.end_date >= since:
            events.append(
                DayEvent(
                    event_uid("agreement", agreement.pk, "end"),
                    _("Agreement ends: %(title)s") % {"title": agreement.title},
                    agreement.end_date,
                    agreement.end_date,
                    url=url,
                )
            )
    return events


def user_events(user: User, today: datetime.date | None = None) -> list[DayEvent]:
    """The events of the user's feed (nothing for a user without a role)."""
    since = (today or timezone.localdate()) - datetime.timedelta(days=PAST_DAYS)
    if user.is_company_user:
        hosts = list(
            HopInHost.objects.filter(company=user.company_id, week__ends_on__gte=since)
            .select_related("week__municipality")
            .order_by("week__starts_on")
        )
        placements: dict[int, list] = {}
        for placement in Placement.objects.filter(host__in=hosts).select_related("school_class__school"):
            placements.setdefault(placement.host_id, []).append(placement)
        return [host_event(host.week, host, placements.get(host.pk, [])) for host in hosts]
    if not user.has_role or not user.is_active:
        return []
    weeks = (
        HopInWeek.objects.visible_to(user)
        .filter(ends_on__gte=since)
        .select_related("municipality")
        .order_by("starts_on")
    )
    return agreement_events(user, since) + [week_event(week) for week in weeks]
