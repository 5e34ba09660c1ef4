"""Business actions on the HOP-IN week: running the plan, moving classes by hand, publishing."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from brasite.lib.calendar import ics_attachment
from brasite.lib.email import absolute_url, templated_message
from partnerships.models import Company, ContactPerson, School

from . import calendar, planning
from .models import HopInHost, HopInWeek, Placement, SchoolClass, coverage_percent


@dataclass
class PlanSummary:
    """What a plan run did, in names people recognise."""

    placed: int = 0
    total: int = 0
    new: int = 0
    kept: int = 0
    unplaced: list[tuple[SchoolClass, str]] = field(default_factory=list)
    free: list[tuple[HopInHost, int]] = field(default_factory=list)

    @property
    def coverage(self) -> int | None:
        return coverage_percent(self.placed, self.total)

    @property
    def free_total(self) -> int:
        return sum(left for _host, left in self.free)


def planner_inputs(week: HopInWeek):
    """The week's classes, hosts and locked placements as the planner's plain inputs."""
    classes = list(week.classes().select_related("school").order_by("school__name", "name", "pk"))
    hosts = list(week.hosts.select_related("company").prefetch_related("preferred_schools").order_by("pk"))
    host_by_company = {host.company_id: host.pk for host in hosts}
    class_inputs = [
        planning.ClassInput(
            id=c.pk,
            school_id=c.school_id,
            postcode=c.school.postcode,
            wishes=tuple(host_by_company[pk] for pk in c.wish_ids if pk in host_by_company),
        )
        for c in classes
    ]
    host_inputs = [
        planning.HostInput(
            id=h.pk,
            capacity=h.capacity,
            postcode=h.company.postcode,
            preferred_schools=frozenset(s.pk for s in h.preferred_schools.all()),
        )
        for h in hosts
    ]
    return classes, hosts, class_inputs, host_inputs


def unplaced_reason(reason: planning.Reason, wishes_full: list[HopInHost]) -> str:
    if reason == planning.Reason.NO_HOSTS:
        return _("No host with free capacity has been added to the week.")
    text = _("Too little capacity: every host is full.")
    if wishes_full:
        text += " " + _("Its wished hosts (%(hosts)s) were full.") % {
            "hosts": ", ".join(str(host) for host in wishes_full)
        }
    return text


@transaction.atomic
def plan_week(week: HopInWeek, *, dry_run: bool = False) -> PlanSummary:
    """Keep locked placements, place every other class afresh and share out the tutors.

    With `dry_run`, nothing is saved (the summary says what would happen).
    """
    week = HopInWeek.objects.select_for_update().get(pk=week.pk)
    classes, hosts, class_inputs, host_inputs = planner_inputs(week)
    existing = {p.school_class_id: p for p in Placement.objects.filter(school_class__in=classes)}
    locked = {class_id: p.host_id for class_id, p in existing.items() if p.locked}
    plan = planning.assign(class_inputs, host_inputs, fixed=locked)

    hosts_by_id = {host.pk: host for host in hosts}
    if not dry_run:
        for placement in existing.values():
            if not placement.locked:
                placement.delete()
        tutors = planning.spread_tutors(
            plan.placements,
            [planning.TutorOfferInput(o.school_id, o.tutors) for o in week.tutor_offers.all()],
        )
        for class_id, host_id in plan.placements.items():
            placement = existing[class_id] if class_id in locked else Placement(school_class_id=class_id)
            placement.host_id = host_id
            placement.tutor_school_id, placement.tutors = tutors[class_id]
            placement.save()
    return PlanSummary(
        placed=len(plan.placements),
        total=len(classes),
        new=len(plan.new),
        kept=len(locked),
        unplaced=[
            (c, unplaced_reason(item.reason, [hosts_by_id[pk] for pk in item.wishes_full]))
            for c in classes
            if (item := plan.outcomes[c.pk]).match is None
        ],
        free=[(hosts_by_id[pk], left) for pk, left in plan.free_capacity.items() if left],
    )


def plan_message(summary: PlanSummary) -> str:
    text = ngettext(
        "%(placed)s of %(total)s class placed (%(new)s newly, %(kept)s locked kept).",
        "%(placed)s of %(total)s classes placed (%(new)s newly, %(kept)s locked kept).",
        summary.total,
    ) % {"placed": summary.placed, "total": summary.total, "new": summary.new, "kept": summary.kept}
    if summary.unplaced:
        text += " " + ngettext(
            "%(count)s class could not be placed.",
            "%(count)s classes could not be placed.",
            len(summary.unplaced),
        ) % {"count": len(summary.unplaced)}
    text += " " + ngettext(
        "%(free)s place is still free.", "%(free)s places are still free.", summary.free_total
    ) % {"free": summary.free_total}
    return text


@transaction.atomic
def move_class(school_class: SchoolClass, host: HopInHost) -> Placement:
    """Place a class with a host by hand; the placement is locked so that a new plan run keeps it."""
    host = HopInHost.objects.select_for_update().get(pk=host.pk)
    others = host.placements.exclude(school_class=school_class).count()
    if others >= host.capacity:
        raise ValidationError(
            _("%(host)s is full (%(capacity)s classes). Raise its capacity or move another class first.")
            % {"host": host, "capacity": host.capacity}
        )
    placement = Placement.objects.filter(school_class=school_class).first() or Placement(
        school_class=school_class
    )
    placement.host = host
    placement.locked = True
    placement.save()
    return placement


def set_locked(placement: Placement, locked: bool) -> None:
    placement.locked = locked
    placement.save(update_fields=["locked"])


@transaction.atomic
def add_approved_hosts(week: HopInWeek) -> int:
    """Add the municipality's approved host companies that are not hosts yet, with their usual capacity."""
    present = week.hosts.values_list("company", flat=True)
    companies = (
        Company.objects.approved_hosts()
        .filter(municipality=week.municipality_id, hosting_capacity__gt=0)
        .exclude(pk__in=present)
        .prefetch_related("yearly_host_answers")
        .order_by("name")
    )
    added = 0
    for company in companies:
        if (answer := company.answer_for(week.school_year)) and answer.declines:
            continue  # said "not this year" or has its own arrangement
        HopInHost.objects.create(week=week, company=company, capacity=company.hosting_capacity)
        added += 1
    return added


@dataclass
class PublishResult:
    sent: int
    hosts_without_email: list[str]
    schools_without_email: list[str]


def publish_plan(week: HopInWeek) -> PublishResult:
    """Mark the plan as published and email each host's contacts and each school their part (in Danish)."""
    placements = list(
        Placement.objects.filter(host__week=week)
        .select_related("school_class__school", "host__company", "tutor_school")
        .order_by("school_class__school__name", "school_class__name")
    )
    if not placements:
        raise ValidationError(_("There is nothing to publish yet: no class has been placed."))
    by_host: dict[HopInHost, list[Placement]] = {}
    by_school: dict[School, list[Placement]] = {}
    for placement in placements:
        by_host.setdefault(placement.host, []).append(placement)
        by_school.setdefault(placement.school_class.school, []).append(placement)
    emails_of = contact_emails(
        companies=[host.company_id for host in by_host], schools=[school.pk for school in by_school]
    )
    programme_url = absolute_url(reverse("programmes:programme_detail", args=["hop-in"]))
    language = settings.LANGUAGE_CODE
    messages, hosts_without, schools_without = [], [], []
    for host, items in sorted(by_host.items(), key=lambda item: item[0].company.name):
        recipients = emails_of.get(("company", host.company_id), [])
        if not recipients:
            hosts_without.append(host.company.name)
            continue
        context = {
            "week": week,
            "host": host,
            "placements": items,
            "plan_url": absolute_url(reverse("programmes:hopin_print_host", args=[week.pk, host.pk])),
            "programme_url": programme_url,
        }
        message = templated_message(
            "programmes/email/host_plan", to=recipients, context=context, language=language
        )
        with translation.override(language):  # the same event (UID) as in the host's calendar feed
            message.attach(*ics_attachment(calendar.host_event(week, host, items), "hop-in.ics"))
        messages.append(message)
    for school, items in sorted(by_school.items(), key=lambda item: item[0].name):
        recipients = emails_of.get(("school", school.pk), [])
        if not recipients:
            schools_without.append(school.name)
            continue
        context = {"week": week, "school": school, "placements": items, "programme_url": programme_url}
        message = templated_message(
            "programmes/email/school_plan", to=recipients, context=context, language=language
        )
        with translation.override(language):
            message.attach(*ics_attachment(calendar.school_event(week, school, items), "hop-in.ics"))
        messages.append(message)
    with transaction.atomic():
        week.published_at = timezone.now()
        week.save(update_fields=["published_at"])
    sent = mail.get_connection().send_messages(messages) or 0
    return PublishResult(sent, hosts_without, schools_without)


def contact_emails(*, companies: list[int], schools: list[int]) -> dict[tuple[str, int], list[str]]:
    """The email addresses of the companies' and schools' contact persons, by organisation."""
    emails: dict[tuple[str, int], list[str]] = {}
    contacts = ContactPerson.objects.exclude(email="").filter(
        Q(company__in=companies) | Q(school__in=schools)
    )
    for contact in contacts.order_by("name", "pk"):
        key = ("company", contact.company_id) if contact.company_id else ("school", contact.school_id)
        emails.setdefault(key, []).append(contact.email)
    return emails
