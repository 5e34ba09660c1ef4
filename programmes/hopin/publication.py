"""Publishing the HOP-IN plan: emails to schools and hosts, printed plans, corrections after changes."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from brasite.lib.calendar import ics_attachment
from brasite.lib.email import absolute_url, templated_message
from partnerships.groups import group_of
from partnerships.models import Company, ContactPerson, Programme, School

from . import calendar
from .models import HopInHost, HopInWeek, Placement, SchoolClass


@dataclass
class PublishResult:
    sent: int
    hosts_without_email: list[str]
    schools_without_email: list[str]


def plan_snapshot(week: HopInWeek) -> dict[str, list]:
    """The week's placements as stored with a sent plan.

    Class id -> [host id, tutor school id, tutors, school id, class name, company id]: the first three are
    compared; the rest name a class or host removed since, so that its school or company can still be told.
    """
    rows = Placement.objects.filter(host__week=week).values_list(
        "school_class",
        "host",
        "tutor_school",
        "tutors",
        "school_class__school",
        "school_class__name",
        "host__company",
    )
    return {str(row[0]): list(row[1:]) for row in rows}


@dataclass
class PlanChange:
    """A class whose part of the plan changed since it was sent."""

    school_class: SchoolClass
    before: HopInHost | None  # None: it had no place
    after: HopInHost | None  # None: it has no place now
    tutors_changed: bool = False


def plan_changes(week: HopInWeek) -> list[PlanChange]:
    """What changed since the plan was last sent (nothing when it was never sent)."""
    if not week.published_at or "placements" not in week.sent_plan:
        return []
    sent = week.sent_plan["placements"]
    now = plan_snapshot(week)
    changed = {
        int(class_id)
        for class_id in set(sent) | set(now)
        if (sent.get(class_id) or [None])[:3] != (now.get(class_id) or [None])[:3]
    }
    if not changed:
        return []
    hosts = {h.pk: h for h in week.hosts.select_related("company")}
    classes = list(SchoolClass.objects.filter(pk__in=changed).select_related("school"))
    # Classes and hosts removed since the plan was sent: rebuilt (unsaved) from the stored names.
    gone = [int(k) for k in changed - {c.pk for c in classes} if len(sent.get(str(k), [])) == 6]
    schools = School.objects.in_bulk({sent[str(k)][3] for k in gone})
    gone_hosts = {row[0]: row[5] for row in sent.values() if len(row) == 6 and row[0] not in hosts}
    companies = Company.objects.in_bulk(set(gone_hosts.values()))
    for host_id, company_id in gone_hosts.items():
        if company_id in companies:
            hosts[host_id] = HopInHost(week=week, company=companies[company_id])  # removed: no pk
    for k in gone:
        school_id, name = sent[str(k)][3:5]
        if school_id in schools:
            classes.append(SchoolClass(pk=k, school=schools[school_id], name=name))
    result = []
    for c in sorted(classes, key=lambda c: (c.school.name, c.name)):
        before, after = sent.get(str(c.pk)), now.get(str(c.pk))
        result.append(
            PlanChange(
                c,
                hosts.get(before[0]) if before else None,
                hosts.get(after[0]) if after else None,
                tutors_changed=bool(before and after and before[0] == after[0]),
            )
        )
    return result


def concerned_hosts(changes: list[PlanChange]) -> tuple[set[int], list[HopInHost]]:
    """The hosts whose part changed: the ids of those still in the week, and those removed since (unsaved)."""
    hosts, removed = set(), {}
    for change in changes:
        for host in (change.before, change.after):
            if host is not None and host.pk:
                hosts.add(host.pk)
            elif host is not None:
                removed[host.company_id] = host
    return hosts, list(removed.values())


def sent_on(week: HopInWeek):
    """When the plan was last sent (the correction's time after a correction), or None."""
    sent_at = week.sent_plan.get("sent_at")
    return datetime.datetime.fromisoformat(sent_at) if sent_at else week.published_at


def contacts_by_organisation(*, companies, schools) -> dict[tuple[str, int], list[ContactPerson]]:
    """The contact persons of the companies and schools, by organisation, by name."""
    found: dict[tuple[str, int], list[ContactPerson]] = {}
    contacts = ContactPerson.objects.filter(Q(company__in=companies) | Q(school__in=schools))
    for contact in contacts.order_by("name", "pk"):
        key = ("company", contact.company_id) if contact.company_id else ("school", contact.school_id)
        found.setdefault(key, []).append(contact)
    return found


def coordinator_contact(week: HopInWeek) -> dict[str, str]:
    """The coordinator named in the plans and emails: name, email and phone (blank when not known)."""
    user = week.coordinator
    return {
        "name": (user.get_full_name() or user.email) if user else "",
        "email": user.email if user else "",
        "phone": week.coordinator_phone,
    }


def plan_parts(week: HopInWeek, placements: list[Placement]):
    """The placements grouped by host and by school, and each one's contacts (the plans and emails)."""
    by_host: dict[HopInHost, list[Placement]] = {}
    by_school: dict[School, list[Placement]] = {}
    for placement in placements:
        by_host.setdefault(placement.host, []).append(placement)
        by_school.setdefault(placement.school_class.school, []).append(placement)
    contacts = contacts_by_organisation(
        companies=[host.company_id for host in by_host], schools=[school.pk for school in by_school]
    )
    for placement in placements:
        placement.school_contacts = contacts.get(("school", placement.school_class.school_id), [])
        placement.host_contacts = contacts.get(("company", placement.host.company_id), [])
    return by_host, by_school, contacts


def week_placement_rows(week: HopInWeek):
    return (
        Placement.objects.filter(host__week=week)
        .select_related("school_class__school", "host__company", "tutor_school")
        .order_by("school_class__school__name", "school_class__name")
    )


def plan_messages(
    week: HopInWeek,
    *,
    hosts: set[int] | None = None,
    schools: set[int] | None = None,
    removed_hosts: list[HopInHost] = (),
    correction: bool = False,
):
    """One email (template, recipients, context) per contact person of each host and school, greeted by name.

    Only the hosts and schools in `hosts`/`schools` when given; `removed_hosts` (hosts no longer in the week)
    are told that no class comes to them.
    """
    placements = list(week_placement_rows(week))
    by_host, by_school, contacts = plan_parts(week, placements)
    if hosts is not None:
        for host in (
            week.hosts.filter(pk__in=hosts).exclude(pk__in=[h.pk for h in by_host]).select_related("company")
        ):
            by_host[host] = []  # a host that lost all its classes is told so
            contacts.setdefault(("company", host.company_id), list(host.company.contacts.order_by("name")))
    for host in removed_hosts:  # unsaved, so not a dictionary key
        contacts.setdefault(("company", host.company_id), list(host.company.contacts.order_by("name")))
    if schools is not None:
        for school in School.objects.filter(pk__in=schools).exclude(pk__in=[s.pk for s in by_school]):
            by_school[school] = []
            contacts.setdefault(("school", school.pk), list(school.contacts.order_by("name")))
    programme = Programme.objects.of_kind(Programme.WorkKind.HOPIN)
    common = {
        "week": week,
        "group": group_of(week.municipality),  # the email's sender and signature
        "programme_url": absolute_url(programme.get_absolute_url()) if programme else "",
        "coordinator": coordinator_contact(week),
        "correction": correction,
    }
    messages, hosts_without, schools_without = [], [], []
    host_parts = list(by_host.items()) + [(host, []) for host in removed_hosts]
    for host, items in sorted(host_parts, key=lambda item: item[0].company.name):
        if hosts is not None and host.pk is not None and host.pk not in hosts:
            continue
        people = [c for c in contacts.get(("company", host.company_id), []) if c.email]
        if not people:
            hosts_without.append(host.company.name)
        plan_url = (
            absolute_url(reverse("programmes:hopin_print_host", args=[week.pk, host.pk])) if host.pk else ""
        )
        for person in people:
            context = common | {"host": host, "placements": items, "plan_url": plan_url, "person": person}
            # The same event (UID) as in the host's calendar feed; none for a host no class comes to.
            event = calendar.host_event(week, host, items) if host.pk and items else None
            messages.append(("programmes/email/host_plan", [person.email], context, event))
    for school, items in sorted(by_school.items(), key=lambda item: item[0].name):
        if schools is not None and school.pk not in schools:
            continue
        people = [c for c in contacts.get(("school", school.pk), []) if c.email]
        if not people:
            schools_without.append(school.name)
        for person in people:
            context = common | {"school": school, "placements": items, "person": person}
            event = calendar.school_event(week, school, items) if items else None
            messages.append(("programmes/email/school_plan", [person.email], context, event))
    return placements, messages, hosts_without, schools_without


def plan_emails(messages) -> list:
    """The emails of `plan_messages`, each with its calendar event attached where it has one."""
    language = settings.LANGUAGE_CODE
    emails = []
    for template, to, context, event in messages:
        email = templated_message(template, to=to, context=context, language=language)
        if event is not None:
            with translation.override(language):
                email.attach(*ics_attachment(event, "hop-in.ics"))
        emails.append(email)
    return emails


def publish_plan(week: HopInWeek) -> PublishResult:
    """Mark the plan as published and email each host's and each school's contact persons their part.

    The plan as sent is stored with the week, so that later changes can be listed and corrected.
    """
    placements, messages, hosts_without, schools_without = plan_messages(week)
    if not placements:
        raise ValidationError(_("There is nothing to publish yet: no class has been placed."))
    with transaction.atomic():
        week.published_at = timezone.now()
        week.sent_plan = {"sent_at": week.published_at.isoformat(), "placements": plan_snapshot(week)}
        week.save(update_fields=["published_at", "sent_plan"])
    sent = mail.get_connection().send_messages(plan_emails(messages)) or 0
    return PublishResult(sent, hosts_without, schools_without)


def send_correction(week: HopInWeek) -> PublishResult:
    """Email the corrected plan only to the hosts and schools whose part changed since it was sent."""
    changes = plan_changes(week)
    if not changes:
        raise ValidationError(_("Nothing has changed since the plan was sent."))
    hosts, removed = concerned_hosts(changes)
    schools = {change.school_class.school_id for change in changes}
    # A tutor school that gained or lost a class is not emailed: tutors are arranged by the coordinator.
    _placements, messages, hosts_without, schools_without = plan_messages(
        week, hosts=hosts, schools=schools, removed_hosts=removed, correction=True
    )
    with transaction.atomic():
        week.sent_plan = {"sent_at": timezone.now().isoformat(), "placements": plan_snapshot(week)}
        week.save(update_fields=["sent_plan"])
    sent = mail.get_connection().send_messages(plan_emails(messages)) or 0
    return PublishResult(sent, hosts_without, schools_without)
