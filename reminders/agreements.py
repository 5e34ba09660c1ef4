"""Reminders about agreements: ending soon, left in draft, and municipalities about to miss their goal."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from brasite.lib.email import absolute_url
from partnerships.models import ContactPerson, CooperationAgreement, Municipality
from partnerships.schoolyears import SchoolYear

from .delivery import Outbox, wanting
from .models import AgreementReminderOption, SentReminder
from .recipients import contact_recipients, coordinators_by_municipality, regional_viewers

Kind = SentReminder.Kind
ENDING_FIRST = 60  # days before the end: the first reminder
ENDING_LAST = 14  # days before the end: the second one
DRAFT_DAYS = 14
AT_RISK_DAYS = 60


def remind_ending(today: datetime.date, outbox: Outbox) -> None:
    """Active agreements ending within 60 days, and again within 14: the municipality's coordinators (and,
    where the agreement says so, its contact persons) hear once per threshold and end date."""
    agreements = list(
        CooperationAgreement.objects.filter(
            status=CooperationAgreement.Status.ACTIVE,
            end_date__gte=today,
            end_date__lte=today + datetime.timedelta(days=ENDING_FIRST),
        )
        .select_related("school__municipality", "company")
        .order_by("end_date", "pk")
    )
    coordinators = coordinators_by_municipality({a.school.municipality_id for a in agreements})
    with_contacts = set(
        AgreementReminderOption.objects.filter(agreement__in=agreements, notify_contacts=True).values_list(
            "agreement_id", flat=True
        )
    )
    for agreement in agreements:
        days_left = (agreement.end_date - today).days
        kind = Kind.ENDING_14 if days_left <= ENDING_LAST else Kind.ENDING_60
        recipients = wanting(coordinators[agreement.school.municipality_id], "agreements_ending")
        if agreement.pk in with_contacts:
            recipients += contact_recipients(contacts_of(agreement))
        context = {
            "group": outbox.group_of(agreement.school.municipality),
            "agreement": agreement,
            "days_left": days_left,
            "link": absolute_url(agreement.get_absolute_url()),
        }
        for recipient in recipients:
            outbox.send(
                kind,
                recipient,
                agreement,
                period=agreement.end_date.isoformat(),
                template="reminders/email/agreement_ending",
                context=context,
            )


def contacts_of(agreement: CooperationAgreement):
    """The agreement's own contact persons; all of the school's and company's when it names none."""
    named = agreement.contact_persons.all()
    if named.exists():
        return named.order_by("name", "pk")
    return ContactPerson.objects.filter(
        Q(school=agreement.school_id) | Q(company=agreement.company_id)
    ).order_by("name", "pk")


def remind_drafts(today: datetime.date, outbox: Outbox) -> None:
    """Agreements still in draft 14 days after they were made: once, to the municipality's coordinators."""
    created_before = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=DRAFT_DAYS - 1), datetime.time.min)
    )
    drafts = list(
        CooperationAgreement.objects.filter(
            status=CooperationAgreement.Status.DRAFT, created_at__lt=created_before
        )
        .select_related("school__municipality", "company")
        .order_by("created_at", "pk")
    )
    coordinators = coordinators_by_municipality({a.school.municipality_id for a in drafts})
    for agreement in drafts:
        context = {
            "group": outbox.group_of(agreement.school.municipality),
            "agreement": agreement,
            "created_on": timezone.localdate(agreement.created_at),
            "link": absolute_url(agreement.get_absolute_url()),
        }
        for recipient in wanting(coordinators[agreement.school.municipality_id], "drafts_waiting"):
            outbox.send(
                Kind.DRAFT, recipient, agreement, template="reminders/email/agreement_draft", context=context
            )


@dataclass
class GoalRisk:
    """A municipality that meets its goal today but falls below it on `falls_on` when `ending` have ended."""

    municipality: Municipality
    goal: int
    counting_today: int
    counting_then: int
    falls_on: datetime.date
    ending: list[CooperationAgreement]


def goal_of(municipality: Municipality, on: datetime.date) -> int:
    """The municipality's goal for the school year of the date (the one place this module reads it)."""
    return municipality.goal_for(SchoolYear.containing(on))


def goal_risks(today: datetime.date) -> list[GoalRisk]:
    """Municipalities whose agreements ending within 60 days would bring them below their goal.

    Counting on each day is the model's rule (`with_counts_on`, `counts_on`); the candidate days are
    the days after each end date, the first days on which an ending agreement no longer counts.
    """
    horizon = today + datetime.timedelta(days=AT_RISK_DAYS)
    counting_now = list(
        CooperationAgreement.objects.counting(today)
        .select_related("school", "company", "programme")
        .order_by("end_date", "pk")
    )
    by_municipality = defaultdict(list)
    for agreement in counting_now:
        by_municipality[agreement.school.municipality_id].append(agreement)
    candidate_days = {
        municipality_id: sorted(
            {
                a.end_date + datetime.timedelta(days=1)
                for a in agreements
                if a.end_date and a.end_date <= horizon
            }
        )
        for municipality_id, agreements in by_municipality.items()
    }
    risks = []
    for municipality_id, days in candidate_days.items():
        if not days:
            continue
        names = {f"on_{day:%Y%m%d}": day for day in days}
        municipality = Municipality.objects.with_counts_on({"today_count": today, **names}).get(
            pk=municipality_id
        )
        if municipality.today_count < goal_of(municipality, today):
            continue  # already behind: not a warning but the figure itself
        for name, day in names.items():
            then = getattr(municipality, name)
            goal = goal_of(municipality, day)
            if then < goal:
                ending = [a for a in by_municipality[municipality_id] if not a.counts_on(day)]
                risks.append(GoalRisk(municipality, goal, municipality.today_count, then, day, ending))
                break
    return sorted(risks, key=lambda risk: risk.municipality.name)


def alert_goal_at_risk(today: datetime.date, outbox: Outbox) -> None:
    """Coordinators and the regional viewers who follow the municipality (through its group) hear once per
    municipality and date it would fall below its goal."""
    risks = goal_risks(today)
    if not risks:
        return
    coordinators = coordinators_by_municipality({risk.municipality.pk for risk in risks})
    viewers = regional_viewers()
    for risk in risks:
        context = {
            "group": outbox.group_of(risk.municipality),
            "risk": risk,
            "link": absolute_url(reverse("reporting:workspace_municipality", args=[risk.municipality.slug])),
            "agreement_links": [(a, absolute_url(a.get_absolute_url())) for a in risk.ending],
        }
        users = coordinators[risk.municipality.pk] + [
            v
            for v in viewers
            if risk.municipality.pk in v.visible_municipality_ids
            and v not in coordinators[risk.municipality.pk]
        ]
        for recipient in wanting(users, "goal_at_risk"):
            outbox.send(
                Kind.AT_RISK,
                recipient,
                risk.municipality,
                period=risk.falls_on.isoformat(),
                template="reminders/email/goal_at_risk",
                context=context,
            )
