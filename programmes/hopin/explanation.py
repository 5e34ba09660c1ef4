"""How a HOP-IN plan meets the classes' wishes: the plan as it stands, class by class, and its profile.

`explain` takes the placements as they are (by the planner, by hand or a mix) and says, without placing
anything, which wish each class got or why it got none or no place; `profile` counts the first, second and
third wishes met, the classes placed with none of them and those without a place. No database.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .planning import WISHES, ClassInput, HostInput, Match, Outcome, Plan, Reason, class_outcome


@dataclass(frozen=True)
class Profile:
    first: int = 0
    second: int = 0
    third: int = 0
    no_wish: int = 0  # placed, but with none of its wishes
    unplaced: int = 0


def profile(plan: Plan) -> Profile:
    """How many classes (locked ones too) got their first, second, third wish, none of them, or no place."""
    counts = Counter(o.match for o in plan.outcomes.values())
    elsewhere = sum(n for level, n in counts.items() if level is not None and level not in WISHES)
    return Profile(counts[Match.WISH_1], counts[Match.WISH_2], counts[Match.WISH_3], elsewhere, counts[None])


def explain(
    classes: Iterable[ClassInput],
    hosts: Iterable[HostInput],
    placements: Mapping[int, int],
    *,
    one_class_per_school_per_host: bool = False,
) -> Plan:
    """The plan as it stands (`placements`: class id -> host id, whoever made them), each class explained.

    Unlike `planning.assign`, nothing is placed: this says how the current placements (by the planner, by
    hand or a mix) meet the classes' wishes, and why a class got none or no place, for the profile before
    publishing.
    """
    hosts_by_id = {host.id: host for host in hosts}
    classes = list(classes)
    used = Counter(host_id for host_id in placements.values() if host_id in hosts_by_id)
    free = {host_id: max(host.capacity - used[host_id], 0) for host_id, host in hosts_by_id.items()}
    plan = Plan(placements=dict(placements), free_capacity=free)
    has_hosts = any(host.capacity > 0 for host in hosts_by_id.values())
    schools_at = defaultdict(set)
    class_school = {c.id: c.school_id for c in classes}
    for class_id, host_id in placements.items():
        schools_at[host_id].add(class_school.get(class_id))
    for c in classes:
        outcome = class_outcome(c, plan, hosts_by_id, locked=False, has_hosts=has_hosts)
        if outcome.match is None and outcome.reason == Reason.SCHOOL_THERE:
            room = [h for h, left in free.items() if left]
            blocked = one_class_per_school_per_host and all(c.school_id in schools_at[h] for h in room)
            if not blocked:
                outcome = Outcome(c.id, None, reason=Reason.NOT_PLANNED, wishes_full=outcome.wishes_full)
        plan.outcomes[c.id] = outcome
    return plan
