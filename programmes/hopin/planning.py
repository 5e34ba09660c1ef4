"""The HOP-IN assignment: which class goes to which host. No database; the same input and seed, the same plan.

The plan is an exact optimum, not a greedy guess. Locked placements are kept and use up capacity first. The
other classes are matched to the places left (each host's capacity expanded into slots) by
`scipy.optimize.linear_sum_assignment`; with the rule "at most one class from the same school per host" by
OR-Tools' min-cost flow instead, as the rule (a capacity of one per school and host) is no assignment of
classes to slots. Both solvers place as many classes as the places allow, and among such plans maximise the
integer benefits of `benefits`, which rank plans lexicographically:

- `Policy.MOST_WISHES`: as many classes as possible get one of their wishes; then as few third wishes and as
  many first wishes as possible;
- `Policy.MOST_FIRST_WISHES` (rank-maximal): as many first wishes as possible, then second, then third wishes;

then, for both, as many classes as possible with a host that prefers their school, then closeness (the same
postcode counts 2, the same postcode area 1). Plans equal in all that are told apart by a random order of the
classes and hosts from `random.Random(seed)`: the solvers settle ties by the order they are given, so which
school wins a contested host depends on the seed, never on a name or an id.

The placements as they stand are explained by `explanation.explain`; the tutors are shared out by `tutoring`.
"""

import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

import numpy as np
from ortools.graph.python import min_cost_flow
from scipy.optimize import linear_sum_assignment


class Match(IntEnum):
    """How well a host suits a class; lower is better."""

    WISH_1 = 1
    WISH_2 = 2
    WISH_3 = 3
    PREFERRED_SCHOOL = 4
    SAME_POSTCODE = 5
    SAME_AREA = 6
    OTHER = 7


WISHES = (Match.WISH_1, Match.WISH_2, Match.WISH_3)


class Reason(IntEnum):
    """Why a class got none of its wishes, or no place."""

    NO_HOSTS = 1  # not placed: no host in the week has any capacity (no host in reach)
    NO_CAPACITY = 2  # not placed: every place is taken
    WISHES_FULL = 3  # placed elsewhere: every wished host is full
    NO_WISHES = 4  # placed elsewhere: the class gave no wishes
    SCHOOL_THERE = 5  # one class per school per host: the (wished) hosts with room have one of its school
    NOT_PLANNED = 6  # not placed although places are free: the plan has not run since (`explanation.explain`)


class Policy(StrEnum):
    MOST_WISHES = "most_wishes"
    MOST_FIRST_WISHES = "most_first_wishes"


@dataclass(frozen=True)
class ClassInput:
    id: int
    school_id: int
    postcode: str = ""
    wishes: tuple[int, ...] = ()  # host ids, most wanted first (at most three are used)


@dataclass(frozen=True)
class HostInput:
    id: int
    capacity: int
    postcode: str = ""
    preferred_schools: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Outcome:
    """Where a class ended up and, when it got none of its wishes or no place, why."""

    class_id: int
    match: Match | None  # None: not placed
    locked: bool = False
    reason: Reason | None = None
    wishes_full: tuple[int, ...] = ()  # wished hosts without room, when the class got none of its wishes
    host_id: int | None = None  # where it went
    nearer_free: bool = False  # placed with no match (`Match.OTHER`) although a host that suits it has room


@dataclass
class Plan:
    placements: dict[int, int] = field(default_factory=dict)  # class id -> host id, fixed ones included
    outcomes: dict[int, Outcome] = field(default_factory=dict)  # class id -> outcome, for every class given
    free_capacity: dict[int, int] = field(default_factory=dict)  # host id -> places left

    @property
    def new(self) -> dict[int, Match]:
        """Class id -> how it was placed this run (locked placements left out)."""
        return {o.class_id: o.match for o in self.outcomes.values() if o.match is not None and not o.locked}

    @property
    def unplaced(self) -> list[Outcome]:
        return [o for o in self.outcomes.values() if o.match is None]

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


def benefits(policy: Policy, n: int) -> dict[Match, int]:
    """The integer benefit of a placement at each level, for plans of at most `n` new placements.

    Each tier's unit exceeds the most that all lower tiers together can add over n placements, so no plan can
    trade a gain in a higher tier for gains below it. Closeness is 2 (same postcode) or 1 (same area): at most
    2n in all. A preferred school is worth p = 2n + 1, so tier 4 as a whole adds at most t4 = n·p.
    Most wishes: a first wish is worth e = t4 + 1 more than a second; a second s = n·e + t4 + 1 more than a
    third (with the number of wishes met equal, one third wish fewer outweighs n first wishes fewer and tier
    4); a third wish w = n·(s + e) + t4 + 1, more than the extras of all wishes of any plan and tier 4: one
    more class with a wish outweighs everything below. Rank-maximal: third = t4 + 1, second = n·third + t4
    + 1, first = n·second + t4 + 1. Placing the most classes needs no weight (module docstring). The largest
    benefit is about 2n⁴, 5·10¹¹ for the region's 720 classes; `MAX_BENEFIT` bounds it.
    """
    preferred = 2 * n + 1
    tier4 = n * preferred
    if policy == Policy.MOST_WISHES:
        first_over_second = tier4 + 1
        second_over_third = n * first_over_second + tier4 + 1
        third = n * (second_over_third + first_over_second) + tier4 + 1
        wishes = (third + second_over_third + first_over_second, third + second_over_third, third)
    else:
        third = tier4 + 1
        second = n * third + tier4 + 1
        wishes = (n * second + tier4 + 1, second, third)
    return dict(zip(WISHES, wishes, strict=True)) | {
        Match.PREFERRED_SCHOOL: preferred,
        Match.SAME_POSTCODE: 2,
        Match.SAME_AREA: 1,
        Match.OTHER: 0,
    }


# linear_sum_assignment computes in doubles, exactly for integers below 2**53: its dual potentials and path
# lengths stay within three times the cost range. OR-Tools multiplies costs by the number of nodes in int64
# and answers BAD_COST_RANGE when that would overflow.
MAX_BENEFIT = 2**48
TOO_MANY = "Too many classes to plan exactly in one run; plan the municipalities one by one."


def assign(
    classes: Iterable[ClassInput],
    hosts: Iterable[HostInput],
    fixed: Mapping[int, int] | None = None,
    *,
    policy: Policy = Policy.MOST_WISHES,
    seed: int = 0,
    one_class_per_school_per_host: bool = False,
) -> Plan:
    """Keep `fixed` (class id -> host id) and place the other classes as `policy` ranks plans (see above)."""
    fixed = dict(fixed or {})
    hosts_by_id = {host.id: host for host in sorted(hosts, key=lambda h: h.id)}
    classes_by_id = {c.id: c for c in sorted(classes, key=lambda c: c.id)}
    used = Counter(host_id for host_id in fixed.values() if host_id in hosts_by_id)
    free = {host_id: max(host.capacity - used[host_id], 0) for host_id, host in hosts_by_id.items()}

    rng = random.Random(seed)
    waiting = [c for c in classes_by_id.values() if c.id not in fixed]
    rng.shuffle(waiting)
    open_hosts = [host for host in hosts_by_id.values() if free[host.id]]
    rng.shuffle(open_hosts)
    benefit = benefits(policy, len(waiting))
    if max(benefit.values()) >= MAX_BENEFIT:
        raise ValueError(TOO_MANY)
    if one_class_per_school_per_host:
        schools_there = {(classes_by_id[c].school_id, h) for c, h in fixed.items() if c in classes_by_id}
        chosen = _solve_flow(waiting, open_hosts, free, benefit, schools_there)
    else:
        value = _value_matrix(waiting, open_hosts, benefit)
        chosen = _solve_assignment(value, [free[host.id] for host in open_hosts])

    placements = dict(fixed)
    for row, column in chosen:
        placements[waiting[row].id] = open_hosts[column].id
        free[open_hosts[column].id] -= 1
    plan = Plan(placements=placements, free_capacity=free)
    has_hosts = any(host.capacity > 0 for host in hosts_by_id.values())
    for c in classes_by_id.values():
        plan.outcomes[c.id] = class_outcome(c, plan, hosts_by_id, locked=c.id in fixed, has_hosts=has_hosts)
    return plan


def _value_matrix(classes: list[ClassInput], hosts: list[HostInput], benefit: dict[Match, int]) -> np.ndarray:
    """benefit[match(class, host)] for each class (row) and host (column), without n·m calls of `match`."""
    codes: dict[str, int] = {}

    def coded(texts: Iterable[str]) -> np.ndarray:
        return np.array([codes.setdefault(t, len(codes)) if t else -1 for t in texts], dtype=np.int64)

    def same(key) -> np.ndarray:
        mine = coded(key(c.postcode) for c in classes)[:, None]
        theirs = coded(key(h.postcode) for h in hosts)[None, :]
        return (mine == theirs) & (mine >= 0)

    # Each level overrides the ones below it, as in `match`.
    level = np.full((len(classes), len(hosts)), Match.OTHER, dtype=np.int64)
    level[same(postcode_area)] = Match.SAME_AREA
    level[same(str)] = Match.SAME_POSTCODE
    rows_of_school = defaultdict(list)
    for row, c in enumerate(classes):
        rows_of_school[c.school_id].append(row)
    for column, host in enumerate(hosts):
        for school_id in host.preferred_schools:
            level[rows_of_school.get(school_id, []), column] = Match.PREFERRED_SCHOOL
    column_of = {host.id: column for column, host in enumerate(hosts)}
    for row, c in enumerate(classes):
        for rank, host_id in reversed(list(enumerate(c.wishes[:3]))):  # a repeated wish: its best rank
            if host_id in column_of:
                level[row, column_of[host_id]] = WISHES[rank]
    table = np.zeros(len(Match) + 1, dtype=np.int64)
    for key, amount in benefit.items():
        table[key] = amount
    return table[level]


def _solve_assignment(value: np.ndarray, free: list[int]) -> list[tuple[int, int]]:
    """(class row, host column) pairs: the hosts' places as slots, most classes placed, the most benefit."""
    slot_host = np.repeat(np.arange(len(free)), free)
    rows, slots = linear_sum_assignment(value[:, slot_host], maximize=True)
    return [(int(row), int(slot_host[slot])) for row, slot in zip(rows, slots, strict=True)]


def _solve_flow(
    classes: list[ClassInput],
    hosts: list[HostInput],
    free: Mapping[int, int],
    benefit: dict[Match, int],
    schools_there: set[tuple[int, int]],
) -> list[tuple[int, int]]:
    """As `_solve_assignment`, with at most one class per school and host (locked placements count).

    Network: source -> class -> host -> sink, costs the negated benefits. Classes of one school and postcode
    differ only in their wishes, so a class goes to a wished host directly, or to any host through its pool
    (one per school and postcode); a "ticket" of capacity one guards each school and host that can be
    reached more than once. Optimal flows never send a class through its pool to a host it wished (the
    direct arc gains more), so the pooled classes can be paired with their pool's hosts in any order.
    """
    n, m = len(classes), len(hosts)
    if not n or not m:
        return []
    pools = {key: i for i, key in enumerate(dict.fromkeys((c.school_id, c.postcode) for c in classes))}
    pool = np.array([pools[c.school_id, c.postcode] for c in classes])
    representatives = [ClassInput(0, school_id, postcode) for school_id, postcode in pools]
    pool_value = _value_matrix(representatives, hosts, benefit)
    schools = {school_id: i for i, school_id in enumerate(dict.fromkeys(c.school_id for c in classes))}
    pool_school = np.array([schools[school_id] for school_id, _postcode in pools])
    column_of = {host.id: column for column, host in enumerate(hosts)}
    blocked = np.zeros((len(schools), m), dtype=bool)
    for school_id, host_id in schools_there:
        if school_id in schools and host_id in column_of:
            blocked[schools[school_id], column_of[host_id]] = True
    first_pool, first_host, first_ticket = 2 + n, 2 + n + len(pools), 2 + n + len(pools) + m
    # Entries into a host: from every pool, and from each class to each wished host.
    pool_rows, pool_columns = np.nonzero(~blocked[pool_school])
    wish_rows, wish_columns, wish_costs = [], [], []
    for row, c in enumerate(classes):
        for rank, host_id in enumerate(c.wishes[:3]):
            column = column_of.get(host_id)
            if column is None or host_id in c.wishes[:rank] or blocked[schools[c.school_id], column]:
                continue
            wish_rows.append(row)
            wish_columns.append(column)
            wish_costs.append(-benefit[WISHES[rank]])
    tails = np.concatenate([first_pool + pool_rows, 2 + np.array(wish_rows, dtype=np.int64)])
    columns = np.concatenate([pool_columns, wish_columns]).astype(np.int64)
    costs = np.concatenate([-pool_value[pool_rows, pool_columns], wish_costs]).astype(np.int64)
    school_host = np.concatenate([pool_school[pool_rows], [schools[classes[r].school_id] for r in wish_rows]])
    school_host = school_host.astype(np.int64) * m + columns
    entries = np.bincount(school_host, minlength=len(schools) * m)
    guarded = np.nonzero(entries > 1)[0]
    ticket_of = np.full(len(entries), -1)
    ticket_of[guarded] = first_ticket + np.arange(len(guarded))
    heads = np.where(entries[school_host] > 1, ticket_of[school_host], first_host + columns)
    # Then class -> pool, ticket -> host, source -> class and host -> sink, all without cost.
    host_nodes, class_nodes = np.arange(first_host, first_host + m), np.arange(2, 2 + n)
    plain = 2 * n + len(guarded)
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([tails, class_nodes, ticket_of[guarded], np.zeros(n, dtype=np.int64), host_nodes]),
        np.concatenate(
            [heads, first_pool + pool, first_host + guarded % m, class_nodes, np.ones(m, dtype=int)]
        ),
        np.concatenate([np.ones(len(tails) + plain, dtype=np.int64), [free[h.id] for h in hosts]]),
        np.concatenate([costs, np.zeros(plain + m, dtype=np.int64)]),
    )
    solver.set_node_supply(0, n)
    solver.set_node_supply(1, -n)
    status = solver.solve_max_flow_with_min_cost()
    if status == solver.BAD_COST_RANGE:
        raise ValueError(TOO_MANY)
    if status != solver.OPTIMAL:
        raise RuntimeError(f"The min-cost flow solver stopped with status {status}.")
    flows = solver.flows(np.arange(len(tails) + n))
    entry_flows, pooled = flows[: len(tails)], flows[len(tails) :]
    chosen = [(wish_rows[k], wish_columns[k]) for k in np.nonzero(entry_flows[len(pool_rows) :])[0]]
    pooled_hosts = defaultdict(list)
    for k in np.nonzero(entry_flows[: len(pool_rows)])[0]:
        pooled_hosts[pool_rows[k]].append(int(pool_columns[k]))
    pooled_classes = defaultdict(list)
    for row in np.nonzero(pooled)[0]:
        pooled_classes[pool[row]].append(int(row))
    for key, rows in pooled_classes.items():
        chosen += zip(rows, pooled_hosts[key], strict=True)
    return chosen


def class_outcome(
    c: ClassInput, plan: Plan, hosts_by_id: dict[int, HostInput], *, locked: bool, has_hosts: bool
) -> Outcome:
    """The class's `Outcome` in `plan`: how it was placed and, with none of its wishes or no place, why."""
    host_id = plan.placements.get(c.id)
    level = None if host_id is None else match(c, hosts_by_id.get(host_id, HostInput(host_id, 0)))
    if locked or level in WISHES:
        return Outcome(c.id, level, locked=locked, host_id=host_id)
    wished = [wish for wish in dict.fromkeys(c.wishes[:3]) if wish in hosts_by_id]
    full = tuple(wish for wish in wished if not plan.free_capacity[wish])
    if level is None and not has_hosts:
        reason = Reason.NO_HOSTS
    elif level is None:
        reason = Reason.SCHOOL_THERE if plan.total_free else Reason.NO_CAPACITY
    elif not wished:
        reason = Reason.NO_WISHES
    else:
        # A wished host with room would have taken the class, unless its school already has a class there.
        reason = Reason.WISHES_FULL if len(full) == len(wished) else Reason.SCHOOL_THERE
    nearer_free = level == Match.OTHER and any(
        plan.free_capacity.get(host.id) and match(c, host) < Match.OTHER for host in hosts_by_id.values()
    )
    return Outcome(c.id, level, reason=reason, wishes_full=full, host_id=host_id, nearer_free=nearer_free)
