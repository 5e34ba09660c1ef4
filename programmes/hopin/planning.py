"""The HOP-IN assignment: which class goes to which host. Pure Python, no database, deterministic.

Classes are placed level by level over the whole municipality: first wishes (first, second, third), then
hosts that prefer the class's school, then the same postcode, then the same postcode area (the first two
digits), then any host with room. Within a level, classes go in a fixed order (their `order` key, then id)
and each picks the host with the most room left (then the lowest id). Capacities are never exceeded and a
class is placed at most once; fixed (locked) placements are kept and use up capacity first.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum


class Match(IntEnum):
    """How well a host suits a class; lower is better."""

    WISH_1 = 1
    WISH_2 = 2
    WISH_3 = 3
    PREFERRED_SCHOOL = 4
    SAME_POSTCODE = 5
    SAME_AREA = 6
    OTHER = 7


class Reason(IntEnum):
    """Why a class could not be placed."""

    NO_HOSTS = 1  # the week has no host with any capacity
    NO_CAPACITY = 2  # every place is taken


@dataclass(frozen=True)
class ClassInput:
    id: int
    school_id: int
    postcode: str = ""
    wishes: tuple[int, ...] = ()  # host ids, most wanted first (at most three are used)
    order: str = ""


@dataclass(frozen=True)
class HostInput:
    id: int
    capacity: int
    postcode: str = ""
    preferred_schools: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Unplaced:
    class_id: int
    reason: Reason
    wishes_full: tuple[int, ...] = ()  # wished hosts that were full


@dataclass
class Plan:
    placements: dict[int, int] = field(default_factory=dict)  # class id -> host id, fixed ones included
    new: dict[int, Match] = field(default_factory=dict)  # class id -> how it was placed this run
    unplaced: list[Unplaced] = field(default_factory=list)
    free_capacity: dict[int, int] = field(default_factory=dict)  # host id -> places left

    @property
    def total_free(self) -> int:
        return sum(self.free_capacity.values())


def postcode_area(postcode: str) -> str:
    return postcode[:2] if len(postcode) == 4 else ""


def match(school_class: ClassInput, host: HostInput) -> Match:
    """The best level at which the host suits the class."""
    wishes = school_class.wishes[:3]
    if host.id in wishes:
        return Match(Match.WISH_1 + wishes.index(host.id))
    if school_class.school_id in host.preferred_schools:
        return Match.PREFERRED_SCHOOL
    if school_class.postcode and school_class.postcode == host.postcode:
        return Match.SAME_POSTCODE
    area = postcode_area(school_class.postcode)
    if area and area == postcode_area(host.postcode):
        return Match.SAME_AREA
    return Match.OTHER


def assign(
    classes: Iterable[ClassInput],
    hosts: Iterable[HostInput],
    fixed: Mapping[int, int] | None = None,
) -> Plan:
    """Place every class not in `fixed` (class id -> host id) with a host, as well as capacity allows."""
    fixed = dict(fixed or {})
    hosts_by_id = {host.id: host for host in sorted(hosts, key=lambda h: h.id)}
    free = {host.id: host.capacity for host in hosts_by_id.values()}
    for host_id in fixed.values():
        if host_id in free:
            free[host_id] -= 1
    free = {host_id: max(left, 0) for host_id, left in free.items()}
    waiting = sorted((c for c in classes if c.id not in fixed), key=lambda c: (c.order, c.id))
    plan = Plan(placements=fixed)

    # Candidate hosts per class and level, computed once: O(classes × hosts).
    candidates: dict[int, dict[Match, list[int]]] = {}
    for school_class in waiting:
        levels: dict[Match, list[int]] = {}
        for host in hosts_by_id.values():
            if host.capacity > 0:
                levels.setdefault(match(school_class, host), []).append(host.id)
        candidates[school_class.id] = levels

    for level in Match:
        still_waiting = []
        for school_class in waiting:
            options = [host_id for host_id in candidates[school_class.id].get(level, ()) if free[host_id]]
            if not options:
                still_waiting.append(school_class)
                continue
            chosen = min(options, key=lambda host_id: (-free[host_id], host_id))
            free[chosen] -= 1
            plan.placements[school_class.id] = chosen
            plan.new[school_class.id] = level
        waiting = still_waiting
        if not waiting:
            break

    has_hosts = any(host.capacity > 0 for host in hosts_by_id.values())
    for school_class in waiting:
        wishes_full = tuple(host_id for host_id in school_class.wishes[:3] if host_id in hosts_by_id)
        plan.unplaced.append(
            Unplaced(school_class.id, Reason.NO_CAPACITY if has_hosts else Reason.NO_HOSTS, wishes_full)
        )
    plan.free_capacity = free
    return plan


@dataclass(frozen=True)
class TutorOfferInput:
    school_id: int
    tutors: int


def spread_tutors(
    class_ids: Iterable[int], offers: Iterable[TutorOfferInput]
) -> dict[int, tuple[int | None, int]]:
    """Share the youth educations' tutors over the placed classes: class id -> (youth education, tutors).

    Each class gets its tutors from one youth education. Every education gets at least one class when
    there are enough classes, then further classes go by the highest tutors per class (D'Hondt), never
    more classes than tutors; an education splits its tutors evenly over its classes. Classes left over
    when there are fewer tutors than classes get (None, 0).
    """
    classes = sorted(set(class_ids))
    offers = sorted((o for o in offers if o.tutors > 0), key=lambda o: (-o.tutors, o.school_id))
    result: dict[int, tuple[int | None, int]] = {class_id: (None, 0) for class_id in classes}
    groups = min(len(classes), sum(o.tutors for o in offers))
    offers = offers[:groups]  # with fewer classes than educations, the largest offers come first
    shares = [1] * len(offers)
    for _ in range(groups - len(offers)):
        open_offers = [i for i, o in enumerate(offers) if shares[i] < o.tutors]
        best = max(open_offers, key=lambda i: (offers[i].tutors / (shares[i] + 1), -offers[i].school_id))
        shares[best] += 1
    position = 0
    for offer, share in zip(offers, shares, strict=True):
        for index in range(share):
            extra = 1 if index < offer.tutors % share else 0
            result[classes[position]] = (offer.school_id, offer.tutors // share + extra)
            position += 1
    return result
