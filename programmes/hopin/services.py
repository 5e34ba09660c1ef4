"""Business actions on the HOP-IN week: running the plan, moving classes by hand (publishing: publication)."""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from partnerships.models import Company, School

from . import explanation, planning, tutoring
from .models import HopInHost, HopInWeek, Placement, PlanPolicy, SchoolClass, coverage_percent


@dataclass
class PlanSummary:
    """What a plan run did, in names people recognise."""

    placed: int = 0
    total: int = 0
    new: int = 0
    kept: int = 0
    unplaced: list[tuple[SchoolClass, str]] = field(default_factory=list)
    free: list[tuple[HopInHost, int]] = field(default_factory=list)
    row: "ProfileRow | None" = None
    placements: dict[int, int] = field(default_factory=dict)  # class id -> host id, as planned

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
        return _("No host in reach: no host with free capacity has been added to the week.")
    if reason == planning.Reason.NOT_PLANNED:
        return _("Not placed yet: run the plan or place it by hand.")
    if reason == planning.Reason.SCHOOL_THERE:
        return _("The hosts with room already have a class from its school (one class per school per host).")
    text = _("Too little capacity: every host is full.")
    if wishes_full:
        text += " " + _("Its wished hosts (%(hosts)s) were full.") % {
            "hosts": ", ".join(str(host) for host in wishes_full)
        }
    return text


def outcome_text(
    outcome: planning.Outcome, hosts_by_id: dict[int, HopInHost], *, by_hand: bool = False
) -> str:
    """Why a class went where it went, or why it has no place, in a sentence."""
    if outcome.match is None:
        return unplaced_reason(outcome.reason, [hosts_by_id[pk] for pk in outcome.wishes_full])
    text = str(dict(MATCH_LABELS)[outcome.match])
    if outcome.match == planning.Match.OTHER:
        text = other_host_text(outcome, hosts_by_id.get(outcome.host_id))
    if by_hand:
        text = _("moved by hand") + " (" + text + ")"
    elif outcome.reason == planning.Reason.WISHES_FULL:
        text += "; " + _("its wished hosts (%(hosts)s) were full") % {
            "hosts": ", ".join(str(hosts_by_id[pk]) for pk in outcome.wishes_full)
        }
    elif outcome.reason == planning.Reason.SCHOOL_THERE:
        text += "; " + _("its wished hosts with room already have a class from its school")
    return text


def other_host_text(outcome: planning.Outcome, host: HopInHost | None) -> str:
    """Why a class went to a host it did not wish, that does not prefer its school and is not nearby."""
    postcode = host.company.postcode if host else ""
    if outcome.nearer_free:
        # Only after later changes (or the one-class-per-school rule): the planner fills nearer hosts first.
        if postcode:
            return _("a host farther away, at postcode %(postcode)s; a nearer host has room now") % {
                "postcode": postcode
            }
        return _("a host farther away; a nearer host has room now")
    if postcode:
        return _(
            "no host near its school or preferring it had room, so it went to a host with room at postcode "
            "%(postcode)s"
        ) % {"postcode": postcode}
    return _("no host near its school or preferring it had room, so it went to a host with room elsewhere")


# Lazy: the labels are shown in the language of each request, not the one at import time.
MATCH_LABELS = [
    (planning.Match.WISH_1, gettext_lazy("first wish")),
    (planning.Match.WISH_2, gettext_lazy("second wish")),
    (planning.Match.WISH_3, gettext_lazy("third wish")),
    (planning.Match.PREFERRED_SCHOOL, gettext_lazy("host prefers the school")),
    (planning.Match.SAME_POSTCODE, gettext_lazy("same postcode")),
    (planning.Match.SAME_AREA, gettext_lazy("same postcode area")),
    (planning.Match.OTHER, gettext_lazy("a host with room elsewhere")),
]


@dataclass
class ProfileRow:
    """A plan's profile in numbers: the wishes met, and the classes without a wish or a place, by reason."""

    profile: explanation.Profile
    no_wish_reasons: dict[str, int] = field(default_factory=dict)
    unplaced_reasons: dict[str, int] = field(default_factory=dict)

    @property
    def placed(self) -> int:
        p = self.profile
        return p.first + p.second + p.third + p.no_wish

    @property
    def with_wish(self) -> int:
        p = self.profile
        return p.first + p.second + p.third


REASON_LABELS = {
    planning.Reason.NO_HOSTS: gettext_lazy("no host in reach"),
    planning.Reason.NO_CAPACITY: gettext_lazy("too little capacity"),
    planning.Reason.WISHES_FULL: gettext_lazy("wished host full"),
    planning.Reason.NO_WISHES: gettext_lazy("no wishes given"),
    planning.Reason.SCHOOL_THERE: gettext_lazy("one class per school per host"),
    planning.Reason.NOT_PLANNED: gettext_lazy("not planned yet"),
}


def profile_row(plan: planning.Plan) -> ProfileRow:
    no_wish, unplaced = Counter(), Counter()
    for outcome in plan.outcomes.values():
        if outcome.match is None:
            reason = outcome.reason
            if reason == planning.Reason.NO_CAPACITY and outcome.wishes_full:
                reason = planning.Reason.WISHES_FULL
            unplaced[str(REASON_LABELS[reason])] += 1
        elif outcome.match not in planning.WISHES and outcome.reason is not None:
            no_wish[str(REASON_LABELS[outcome.reason])] += 1
    return ProfileRow(
        explanation.profile(plan), dict(sorted(no_wish.items())), dict(sorted(unplaced.items()))
    )


def week_options(week: HopInWeek, **overrides) -> dict:
    """The planner options stored with the week (policy, seed, the school rule), `overrides` applied."""
    options = {
        "policy": planning.Policy(week.plan_policy),
        "seed": week.plan_seed,
        "one_class_per_school_per_host": week.one_class_per_school_per_host,
    }
    return options | {key: value for key, value in overrides.items() if value is not None}


def locked_placements(classes) -> dict[int, int]:
    return dict(
        Placement.objects.filter(school_class__in=classes, locked=True).values_list("school_class", "host")
    )


def policy_profiles(week: HopInWeek) -> list[tuple[str, str, ProfileRow]]:
    """What each policy would give this week (locked placements kept, the week's seed and rule), not saved."""
    _classes, _hosts, class_inputs, host_inputs = planner_inputs(week)
    if not class_inputs:
        return []
    fixed = locked_placements(_classes)
    rows = []
    for value, label in PlanPolicy.choices:
        plan = planning.assign(
            class_inputs, host_inputs, fixed, **week_options(week, policy=planning.Policy(value))
        )
        rows.append((value, label, profile_row(plan)))
    return rows


@dataclass
class WeekExplanation:
    """The plan as it stands: its profile and, per class id, why it went where it went (or has no place)."""

    row: ProfileRow
    texts: dict[int, str]


def explain_week(week: HopInWeek) -> WeekExplanation:
    classes, hosts, class_inputs, host_inputs = planner_inputs(week)
    placements = list(
        Placement.objects.filter(school_class__in=classes).values_list("school_class", "host", "by_hand")
    )
    plan = explanation.explain(
        class_inputs,
        host_inputs,
        {class_id: host_id for class_id, host_id, _by_hand in placements},
        one_class_per_school_per_host=week.one_class_per_school_per_host,
    )
    hosts_by_id = {host.pk: host for host in hosts}
    by_hand = {class_id for class_id, _host_id, hand in placements if hand}
    texts = {
        class_id: outcome_text(outcome, hosts_by_id, by_hand=class_id in by_hand)
        for class_id, outcome in plan.outcomes.items()
    }
    return WeekExplanation(profile_row(plan), texts)


@transaction.atomic
def plan_week(
    week: HopInWeek,
    *,
    dry_run: bool = False,
    policy: planning.Policy | None = None,
    seed: int | None = None,
    one_class_per_school_per_host: bool | None = None,
) -> PlanSummary:
    """Keep locked placements, place every other class afresh and share out the tutors.

    The policy, seed and school rule are the week's unless given; given ones are stored with the week (so
    the run can be repeated), except on a dry run, when nothing is saved (the summary says what would happen).
    """
    week = HopInWeek.objects.select_for_update().get(pk=week.pk)
    options = week_options(
        week, policy=policy, seed=seed, one_class_per_school_per_host=one_class_per_school_per_host
    )
    classes, hosts, class_inputs, host_inputs = planner_inputs(week)
    existing = {p.school_class_id: p for p in Placement.objects.filter(school_class__in=classes)}
    locked = {class_id: p.host_id for class_id, p in existing.items() if p.locked}
    plan = planning.assign(class_inputs, host_inputs, fixed=locked, **options)

    hosts_by_id = {host.pk: host for host in hosts}
    if not dry_run:
        week.plan_policy = options["policy"].value
        week.plan_seed = options["seed"]
        week.one_class_per_school_per_host = options["one_class_per_school_per_host"]
        week.save(update_fields=["plan_policy", "plan_seed", "one_class_per_school_per_host"])
        for placement in existing.values():
            if not placement.locked:
                placement.delete()
        postcode_of = {c.pk: c.school.postcode for c in classes}
        tutors = tutoring.spread_tutors(
            plan.placements,
            [
                tutoring.TutorOfferInput(o.school_id, o.tutors, o.school.postcode)
                for o in week.tutor_offers.select_related("school")
            ],
            class_postcodes=postcode_of,
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
        row=profile_row(plan),
        placements=dict(plan.placements),
    )


def tutor_gaps(week: HopInWeek) -> list[tuple[School, str]]:
    """The youth educations whose tutors got no class, and why."""
    offers = list(week.tutor_offers.select_related("school"))
    placed = Placement.objects.filter(host__week=week).count()
    gaps = tutoring.tutor_gaps(placed, [tutoring.TutorOfferInput(o.school_id, o.tutors) for o in offers])
    texts = {
        tutoring.TutorGap.NO_CLASSES: _("No class is placed yet."),
        tutoring.TutorGap.FEWER_CLASSES: _(
            "Fewer classes are placed than youth educations offer tutors; the largest offers come first."
        ),
    }
    return [(o.school, texts[gaps[o.school_id]]) for o in offers if o.school_id in gaps]


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
    placement.by_hand = True
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
        .in_municipalities([week.municipality_id])
        .filter(hosting_capacity__gt=0)
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
