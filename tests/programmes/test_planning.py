"""The pure HOP-IN assignment: optimality against brute force, fairness, determinism, locks, explanations."""

import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from programmes.hopin.explanation import Profile, explain, profile
from programmes.hopin.planning import (
    MAX_BENEFIT,
    WISHES,
    ClassInput,
    HostInput,
    Match,
    Policy,
    Reason,
    assign,
    benefits,
    match,
)
from programmes.hopin.tutoring import (
    TutorGap,
    TutorOfferInput,
    spread_tutors,
    tutor_distance,
    tutor_gaps,
    tutor_shares,
)


def check_invariants(classes, hosts, fixed, plan, *, one_per_school=False):
    capacity = {h.id: h.capacity for h in hosts}
    load = Counter(plan.placements.values())
    for host_id, used in load.items():
        fixed_here = sum(1 for h in fixed.values() if h == host_id)
        assert used <= max(capacity[host_id], fixed_here), "capacity exceeded"
    class_ids = {c.id for c in classes}
    unplaced_ids = [u.class_id for u in plan.unplaced]
    assert len(unplaced_ids) == len(set(unplaced_ids))
    assert set(plan.placements) | set(unplaced_ids) == class_ids | set(fixed)
    assert not set(plan.placements) & set(unplaced_ids), "a class is both placed and unplaced"
    assert set(plan.outcomes) == class_ids
    for class_id, host_id in fixed.items():
        assert plan.placements[class_id] == host_id, "a locked placement moved"
    for host_id, left in plan.free_capacity.items():
        assert left == max(capacity[host_id] - load[host_id], 0)
    if one_per_school:
        school = {c.id: c.school_id for c in classes}
        pairs = Counter((school[c], h) for c, h in plan.placements.items() if c in school and c not in fixed)
        locked_pairs = {(school[c], h) for c, h in fixed.items() if c in school}
        assert all(n == 1 for n in pairs.values()), "two new classes of one school at one host"
        assert not set(pairs) & locked_pairs, "a new class joins a locked class of its school"
    else:
        # Nothing is left unplaced while a place is free.
        assert not (plan.unplaced and plan.total_free)


def score(policy, levels):
    """The lexicographic key each policy maximises, from the match levels of the newly placed classes."""
    n = Counter(levels)
    placed = sum(count for level, count in n.items() if level is not None)
    wishes = (n[Match.WISH_1], n[Match.WISH_2], n[Match.WISH_3])
    tier4 = (n[Match.PREFERRED_SCHOOL], 2 * n[Match.SAME_POSTCODE] + n[Match.SAME_AREA])
    if policy == Policy.MOST_WISHES:
        return (placed, sum(wishes), -wishes[2], wishes[0], *tier4)
    return (placed, *wishes, *tier4)


def plan_levels(classes, hosts, fixed, plan):
    hosts_by_id = {h.id: h for h in hosts}
    return [
        match(c, hosts_by_id[plan.placements[c.id]]) if c.id in plan.placements else None
        for c in classes
        if c.id not in fixed
    ]


def best_scores(classes, hosts, fixed, *, one_per_school):
    """Every policy's best key over all feasible plans, found by trying them all."""
    room = {h.id: h.capacity - sum(1 for f in fixed.values() if f == h.id) for h in hosts}
    taken = {(c.school_id, fixed[c.id]) for c in classes if c.id in fixed}
    waiting = [c for c in classes if c.id not in fixed]
    best = {}

    def walk(index, levels):
        if index == len(waiting):
            for policy in Policy:
                key = score(policy, levels)
                best[policy] = max(best.get(policy, key), key)
            return
        c = waiting[index]
        walk(index + 1, [*levels, None])
        for h in hosts:
            if room[h.id] > 0 and not (one_per_school and (c.school_id, h.id) in taken):
                room[h.id] -= 1
                taken.add((c.school_id, h.id))
                walk(index + 1, [*levels, match(c, h)])
                room[h.id] += 1
                taken.discard((c.school_id, h.id))

    walk(0, [])
    return best


small_instances = st.tuples(
    st.lists(  # classes: school, postcode, wishes as host indexes (4 is a host that is not in the week)
        st.tuples(
            st.integers(0, 2),
            st.sampled_from(["8300", "8305", "8000", ""]),
            st.lists(st.integers(0, 4), max_size=3),
        ),
        max_size=6,
    ),
    st.lists(  # hosts: capacity, postcode, preferred schools
        st.tuples(
            st.integers(0, 2), st.sampled_from(["8300", "8361", "8000", ""]), st.frozensets(st.integers(0, 2))
        ),
        min_size=1,
        max_size=4,
    ),
)


def build(class_specs, host_specs):
    hosts = [
        HostInput(100 + j, capacity, postcode, preferred)
        for j, (capacity, postcode, preferred) in enumerate(host_specs)
    ]
    classes = [
        ClassInput(i + 1, school, postcode, tuple(100 + w for w in wishes))
        for i, (school, postcode, wishes) in enumerate(class_specs)
    ]
    return classes, hosts


@pytest.mark.parametrize("one_per_school", [False, True])
@settings(max_examples=200, deadline=None)
@given(small_instances, st.integers(0, 1000), st.data())
def test_each_policy_finds_the_optimum_of_brute_force(one_per_school, instance, seed, data):
    classes, hosts = build(*instance)
    fixed = {}
    if classes:
        locked = data.draw(st.lists(st.sampled_from([c.id for c in classes]), unique=True, max_size=2))
        fixed = {class_id: data.draw(st.sampled_from([h.id for h in hosts])) for class_id in locked}
    best = best_scores(classes, hosts, fixed, one_per_school=one_per_school)
    for policy in Policy:
        plan = assign(
            classes, hosts, fixed, policy=policy, seed=seed, one_class_per_school_per_host=one_per_school
        )
        check_invariants(classes, hosts, fixed, plan, one_per_school=one_per_school)
        assert score(policy, plan_levels(classes, hosts, fixed, plan)) == best[policy]
        # Never fewer classes placed, and with the default policy never fewer classes with a wish.
        most_wishes = best[Policy.MOST_WISHES]
        got = score(Policy.MOST_WISHES, plan_levels(classes, hosts, fixed, plan))
        assert got[0] == most_wishes[0]
        if policy == Policy.MOST_WISHES:
            assert got[1] == most_wishes[1]


def test_every_class_gets_a_wish_where_the_greedy_gave_three_of_six():
    # Each X class wishes H, then G; its Y neighbour wishes only H. Handing out first wishes first gives
    # every H to an X class when the Xs come first, and leaves the Ys with none of their wishes.
    hosts = [HostInput(10 + i, 1) for i in range(3)] + [HostInput(20 + i, 1) for i in range(3)]
    xs = [ClassInput(1 + i, school_id=1, wishes=(10 + i, 20 + i)) for i in range(3)]
    ys = [ClassInput(4 + i, school_id=2, wishes=(10 + i,)) for i in range(3)]
    for policy in Policy:
        plan = assign(xs + ys, hosts, policy=policy)
        assert profile(plan) == Profile(first=3, second=3)
        assert all(plan.placements[y.id] == y.wishes[0] for y in ys)


def test_most_first_wishes_trades_a_class_with_a_wish_for_one_more_first_wish():
    hosts = [HostInput(10, 1), HostInput(11, 1), HostInput(12, 1), HostInput(13, 5)]
    classes = [
        ClassInput(1, 1, wishes=(11, 12)),
        ClassInput(2, 2, wishes=(12, 10, 11)),
        ClassInput(3, 3, wishes=(11,)),
    ]
    most = assign(classes, hosts, policy=Policy.MOST_WISHES)
    first = assign(classes, hosts, policy=Policy.MOST_FIRST_WISHES)
    assert most.placements == {1: 12, 2: 10, 3: 11}
    assert profile(most) == Profile(first=1, second=2)
    assert first.placements[2] == 12 and {first.placements[1], first.placements[3]} == {11, 13}
    assert profile(first) == Profile(first=2, no_wish=1)
    left_out = next(o for o in first.outcomes.values() if o.match == Match.OTHER)
    assert left_out.reason == Reason.WISHES_FULL
    assert left_out.wishes_full == classes[left_out.class_id - 1].wishes


def test_fewest_third_wishes_come_before_most_first_wishes():
    hosts = [HostInput(9, 0), HostInput(10, 1), HostInput(11, 1), HostInput(12, 1)]
    classes = [
        ClassInput(1, 1, wishes=(10, 11)),
        ClassInput(2, 2, wishes=(11, 12)),
        ClassInput(3, 3, wishes=(9, 10, 12)),
    ]
    # All three get a wish either way: three second wishes, or two first wishes and a third.
    assert profile(assign(classes, hosts)) == Profile(second=3)
    assert profile(assign(classes, hosts, policy=Policy.MOST_FIRST_WISHES)) == Profile(first=2, third=1)


@pytest.mark.parametrize("one_per_school", [False, True])
def test_a_seed_gives_the_same_plan_and_seeds_do_not_always_favour_one_school(one_per_school):
    hosts = [HostInput(10, 1), HostInput(11, 1)]
    classes = [ClassInput(1, school_id=1, wishes=(10,)), ClassInput(2, school_id=2, wishes=(10,))]
    winners = set()
    for seed in range(20):
        plan = assign(classes, hosts, seed=seed, one_class_per_school_per_host=one_per_school)
        assert plan == assign(
            list(reversed(classes)), hosts, seed=seed, one_class_per_school_per_host=one_per_school
        )
        winners.add(next(c.school_id for c in classes if plan.placements[c.id] == 10))
    assert winners == {1, 2}


def test_the_host_choice_among_equal_hosts_varies_with_the_seed():
    hosts = [HostInput(10 + j, 1) for j in range(4)]
    chosen = {assign([ClassInput(1, 1)], hosts, seed=seed).placements[1] for seed in range(20)}
    assert len(chosen) > 1


def test_capacity_is_respected_and_surplus_classes_are_explained():
    classes = [ClassInput(i, school_id=1) for i in range(1, 6)]
    hosts = [HostInput(10, capacity=2), HostInput(11, capacity=1)]
    plan = assign(classes, hosts)
    assert Counter(plan.placements.values()) == {10: 2, 11: 1}
    assert len(plan.unplaced) == 2
    assert {u.reason for u in plan.unplaced} == {Reason.NO_CAPACITY}
    assert plan.total_free == 0
    assert profile(plan) == Profile(no_wish=3, unplaced=2)
    check_invariants(classes, hosts, {}, plan)


def test_without_hosts_every_class_is_explained():
    classes = [ClassInput(1, school_id=1), ClassInput(2, school_id=1)]
    plan = assign(classes, [HostInput(10, capacity=0)])
    assert plan.placements == {}
    assert [(u.class_id, u.reason) for u in plan.unplaced] == [(1, Reason.NO_HOSTS), (2, Reason.NO_HOSTS)]


def test_first_wishes_win_then_second_wishes():
    classes = [
        ClassInput(1, school_id=1, wishes=(10, 11)),
        ClassInput(2, school_id=1, wishes=(10, 11)),
        ClassInput(3, school_id=1, wishes=(12,)),
    ]
    hosts = [HostInput(10, 1), HostInput(11, 1), HostInput(12, 1), HostInput(13, 5)]
    plan = assign(classes, hosts)
    assert {plan.placements[1], plan.placements[2]} == {10, 11}
    assert plan.placements[3] == 12
    assert sorted(plan.new.values()) == [Match.WISH_1, Match.WISH_1, Match.WISH_2]
    assert plan.free_capacity == {10: 0, 11: 0, 12: 0, 13: 5}


def test_classes_without_a_wish_are_told_why():
    classes = [
        ClassInput(1, 1, wishes=(10,)),
        ClassInput(2, 2, wishes=(10, 11)),
        ClassInput(3, 3),
        ClassInput(4, 4, wishes=(10,)),
    ]
    hosts = [HostInput(10, 1), HostInput(11, 0), HostInput(12, 2, preferred_schools=frozenset({3}))]
    plan = assign(classes, hosts)
    outcomes = plan.outcomes
    assert (outcomes[3].match, outcomes[3].reason) == (Match.PREFERRED_SCHOOL, Reason.NO_WISHES)
    winner = next(class_id for class_id in (1, 2, 4) if plan.placements.get(class_id) == 10)
    assert (outcomes[winner].match, outcomes[winner].reason) == (Match.WISH_1, None)
    losers = sorted((outcomes[i] for i in (1, 2, 4) if i != winner), key=lambda o: o.match is None)
    assert [(o.match, o.reason) for o in losers] == [
        (Match.OTHER, Reason.WISHES_FULL),
        (None, Reason.NO_CAPACITY),
    ]
    for o in losers:
        assert o.wishes_full == classes[o.class_id - 1].wishes


def test_host_preference_then_same_postcode_then_same_area():
    classes = [
        ClassInput(1, school_id=7, postcode="8300"),
        ClassInput(2, school_id=8, postcode="8300"),
        ClassInput(3, school_id=9, postcode="8350"),
    ]
    hosts = [
        HostInput(10, 1, postcode="8000", preferred_schools=frozenset({7})),
        HostInput(11, 1, postcode="8300"),
        HostInput(12, 1, postcode="8361"),
        HostInput(13, 1, postcode="7100"),
    ]
    plan = assign(classes, hosts)
    assert plan.placements == {1: 10, 2: 11, 3: 12}
    assert plan.new == {1: Match.PREFERRED_SCHOOL, 2: Match.SAME_POSTCODE, 3: Match.SAME_AREA}


def test_locked_placements_are_kept_and_use_capacity():
    classes = [ClassInput(i, school_id=1, wishes=(10,)) for i in range(1, 4)]
    hosts = [HostInput(10, 2), HostInput(11, 2)]
    plan = assign(classes, hosts, fixed={3: 10})
    assert plan.placements[3] == 10
    assert 3 not in plan.new
    assert plan.outcomes[3].locked and plan.outcomes[3].match == Match.WISH_1
    assert Counter(plan.placements.values()) == {10: 2, 11: 1}
    assert profile(plan) == Profile(first=2, no_wish=1)
    check_invariants(classes, hosts, {3: 10}, plan)


def test_locked_placement_over_capacity_is_kept_and_leaves_no_negative_room():
    classes = [ClassInput(1, 1), ClassInput(2, 1), ClassInput(3, 1)]
    plan = assign(classes, [HostInput(10, 1)], fixed={1: 10, 2: 10})
    assert plan.placements == {1: 10, 2: 10}
    assert plan.free_capacity == {10: 0}
    assert [u.class_id for u in plan.unplaced] == [3]


def test_one_class_per_school_per_host_counts_locked_classes_and_explains():
    classes = [
        ClassInput(1, 1, wishes=(10,)),
        ClassInput(2, 1, wishes=(10, 11)),
        ClassInput(3, 1, wishes=(11,)),
    ]
    hosts = [HostInput(10, 3), HostInput(11, 3)]
    plan = assign(classes, hosts, fixed={1: 10}, one_class_per_school_per_host=True)
    assert plan.placements == {1: 10, 3: 11}
    assert plan.outcomes[2] == plan.unplaced[0]
    assert plan.outcomes[2].reason == Reason.SCHOOL_THERE
    assert plan.total_free == 4
    plain = assign(classes, hosts, fixed={1: 10})
    assert profile(plain) == Profile(first=3)


def test_a_wish_blocked_by_the_school_rule_is_not_called_full():
    classes = [ClassInput(1, 1, wishes=(10,)), ClassInput(2, 1, wishes=(10,))]
    plan = assign(classes, [HostInput(10, 2), HostInput(11, 1)], one_class_per_school_per_host=True)
    loser = next(o for o in plan.outcomes.values() if o.match == Match.OTHER)
    assert (loser.reason, loser.wishes_full) == (Reason.SCHOOL_THERE, ())


def test_same_input_in_any_order_gives_the_same_plan():
    rng = random.Random(7)
    classes = [
        ClassInput(
            i, school_id=i % 5, postcode=f"83{i % 7:02d}", wishes=tuple(rng.sample(range(100, 130), 3))
        )
        for i in range(60)
    ]
    hosts = [HostInput(100 + j, capacity=1 + j % 3, postcode=f"83{j % 9:02d}") for j in range(30)]
    for rule in (False, True):
        first = assign(classes, hosts, seed=3, one_class_per_school_per_host=rule)
        shuffled_classes, shuffled_hosts = classes[:], hosts[:]
        rng.shuffle(shuffled_classes)
        rng.shuffle(shuffled_hosts)
        assert assign(shuffled_classes, shuffled_hosts, seed=3, one_class_per_school_per_host=rule) == first


def test_match_levels():
    cls = ClassInput(1, school_id=3, postcode="8300", wishes=(10, 11, 12, 13))
    assert match(cls, HostInput(11, 1)) == Match.WISH_2
    assert match(cls, HostInput(13, 1, postcode="8300")) == Match.SAME_POSTCODE  # only three wishes count
    assert match(cls, HostInput(20, 1, preferred_schools=frozenset({3}))) == Match.PREFERRED_SCHOOL
    assert match(cls, HostInput(21, 1, postcode="8399")) == Match.SAME_AREA
    assert match(cls, HostInput(22, 1, postcode="")) == Match.OTHER
    assert match(ClassInput(2, 1, postcode=""), HostInput(23, 1, postcode="")) == Match.OTHER


@pytest.mark.parametrize("policy", list(Policy))
def test_benefits_rank_the_tiers_and_stay_exact_for_the_region(policy):
    region = benefits(policy, 720)
    assert max(region.values()) < MAX_BENEFIT
    assert [region[level] for level in Match] == sorted(region.values(), reverse=True)
    # With every new place at a wish, the lowest wish still beats any plan's whole tier 4.
    assert min(region[level] for level in WISHES) > 720 * region[Match.PREFERRED_SCHOOL]


@pytest.mark.parametrize("policy", list(Policy))
def test_both_solvers_agree_where_the_school_rule_cannot_bind(policy):
    # Every class its own school: the rule changes nothing, so the assignment and the flow must reach the same
    # optimum, at a size where brute force cannot check them.
    rng = random.Random(11)
    hosts = [
        HostInput(1000 + j, rng.choice([0, 1, 2, 3]), rng.choice(["8300", "8361", "8000"]))
        for j in range(150)
    ]
    wished = [h.id for h in hosts[:40]]
    classes = [
        ClassInput(
            i, school_id=i, postcode=rng.choice(["8300", "8305", "8000"]), wishes=tuple(rng.sample(wished, 3))
        )
        for i in range(250)
    ]
    plain = assign(classes, hosts, policy=policy)
    flow = assign(classes, hosts, policy=policy, one_class_per_school_per_host=True)
    assert score(policy, plan_levels(classes, hosts, {}, plain)) == score(
        policy, plan_levels(classes, hosts, {}, flow)
    )


def test_too_many_classes_for_one_exact_run_are_refused():
    classes = [ClassInput(i, school_id=i % 40) for i in range(5000)]
    with pytest.raises(ValueError, match="one by one"):
        assign(classes, [HostInput(1, 1)])


class_lists = st.lists(
    st.tuples(
        st.integers(0, 3),  # school
        st.sampled_from(["8300", "8305", "8350", "8000", ""]),
        st.lists(st.integers(0, 9), max_size=4, unique=True),  # wishes (host indexes)
    ),
    max_size=30,
)
host_lists = st.lists(
    st.tuples(
        st.integers(0, 4), st.sampled_from(["8300", "8361", "8000", ""]), st.frozensets(st.integers(0, 3))
    ),
    max_size=10,
)


@settings(max_examples=100, deadline=None)
@given(class_lists, host_lists, st.randoms(use_true_random=False), st.data())
def test_invariants_hold_for_random_inputs(class_specs, host_specs, rng, data):
    hosts = [
        HostInput(100 + j, capacity, postcode, preferred)
        for j, (capacity, postcode, preferred) in enumerate(host_specs)
    ]
    host_ids = [h.id for h in hosts]
    classes = [
        ClassInput(i + 1, school, postcode, tuple(100 + w for w in wishes if w < len(hosts)))
        for i, (school, postcode, wishes) in enumerate(class_specs)
    ]
    fixed = {}
    if classes and host_ids:
        chosen = data.draw(st.lists(st.sampled_from([c.id for c in classes]), unique=True, max_size=3))
        fixed = {class_id: data.draw(st.sampled_from(host_ids)) for class_id in chosen}
    plan = assign(classes, hosts, fixed)
    check_invariants(classes, hosts, fixed, plan)

    # Placed classes = all classes, or every place taken.
    total_capacity = sum(h.capacity for h in hosts)
    waiting = len(classes) - len(fixed)
    room = sum(plan.free_capacity.values()) + len(plan.new)
    assert len(plan.new) == min(waiting, room)
    assert len(plan.new) <= total_capacity

    # A wished host with room left would have taken the class: no wish is both unmet and free.
    for c in classes:
        if c.id not in fixed and plan.outcomes[c.id].match not in WISHES:
            assert all(plan.free_capacity[w] == 0 for w in c.wishes[:3])
            assert plan.outcomes[c.id].wishes_full == tuple(dict.fromkeys(c.wishes[:3]))

    # Deterministic, whatever the order of the input.
    shuffled_classes, shuffled_hosts = classes[:], hosts[:]
    rng.shuffle(shuffled_classes)
    rng.shuffle(shuffled_hosts)
    assert assign(shuffled_classes, shuffled_hosts, fixed) == plan


def test_tutors_are_spread_evenly_from_one_education_per_class():
    result = spread_tutors([1, 2, 3, 4], [TutorOfferInput(50, 6), TutorOfferInput(51, 2)])
    assert sum(count for _school, count in result.values()) == 8
    assert Counter(school for school, _count in result.values()) == {50: 3, 51: 1}
    assert sorted(count for _school, count in result.values()) == [2, 2, 2, 2]


def test_fewer_tutors_than_classes_leaves_some_classes_without():
    result = spread_tutors([1, 2, 3], [TutorOfferInput(50, 2)])
    assert result == {1: (50, 1), 2: (50, 1), 3: (None, 0)}


def test_no_tutors_or_no_classes():
    assert spread_tutors([1, 2], []) == {1: (None, 0), 2: (None, 0)}
    assert spread_tutors([], [TutorOfferInput(50, 3)]) == {}


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(1, 500), unique=True, max_size=40),
    st.lists(st.tuples(st.integers(1, 20), st.integers(0, 30)), max_size=6, unique_by=lambda t: t[0]),
)
def test_tutor_spread_uses_every_tutor_when_there_are_classes(class_ids, offers):
    offer_inputs = [TutorOfferInput(school, tutors) for school, tutors in offers]
    result = spread_tutors(class_ids, offer_inputs)
    assert set(result) == set(class_ids)
    given_out = Counter()
    for school, count in result.values():
        if school is not None:
            given_out[school] += count
    offering = {o.school_id: o.tutors for o in offer_inputs if o.tutors}
    if len(class_ids) >= len(offering):
        assert dict(given_out) == offering
    else:
        assert len(given_out) == len(class_ids)
    counts = [count for _school, count in result.values()]
    if counts and sum(counts) >= len(counts):
        assert min(counts) >= 1


@pytest.mark.parametrize("one_per_school", [False, True])
@settings(max_examples=100, deadline=None)
@given(small_instances, st.integers(0, 1000))
def test_explaining_a_saved_plan_gives_the_profile_the_planner_reported(one_per_school, instance, seed):
    classes, hosts = build(*instance)
    for policy in Policy:
        plan = assign(classes, hosts, policy=policy, seed=seed, one_class_per_school_per_host=one_per_school)
        explained = explain(classes, hosts, plan.placements, one_class_per_school_per_host=one_per_school)
        assert profile(explained) == profile(plan)
        assert explained.free_capacity == plan.free_capacity
        for c in classes:
            mine, theirs = explained.outcomes[c.id], plan.outcomes[c.id]
            assert mine.match == theirs.match
            if theirs.match is None and not one_per_school:
                assert mine.reason == theirs.reason  # no place: the same reason, whoever looks


def test_an_unplanned_class_with_free_places_is_not_called_a_capacity_problem():
    classes = [ClassInput(1, 1), ClassInput(2, 1)]
    explained = explain(classes, [HostInput(10, 3)], {1: 10})
    assert explained.outcomes[2].reason == Reason.NOT_PLANNED
    assert explain(classes, [HostInput(10, 1)], {1: 10}).outcomes[2].reason == Reason.NO_CAPACITY
    assert explain(classes, [], {}).outcomes[1].reason == Reason.NO_HOSTS


tutor_instances = st.tuples(
    st.lists(st.sampled_from(["8300", "8305", "8350", "8000", ""]), max_size=6),
    st.lists(st.tuples(st.integers(0, 8), st.sampled_from(["8300", "8351", "8000", ""])), max_size=4),
)


@settings(max_examples=150, deadline=None)
@given(tutor_instances)
def test_tutors_go_as_near_as_the_shares_allow(instance):
    import itertools

    class_postcodes, offer_specs = instance
    postcodes = {i + 1: postcode for i, postcode in enumerate(class_postcodes)}
    offers = [TutorOfferInput(50 + k, tutors, postcode) for k, (tutors, postcode) in enumerate(offer_specs)]
    near = spread_tutors(postcodes, offers, class_postcodes=postcodes)
    plain = spread_tutors(postcodes, offers)
    # The same number of classes and tutors per education as without postcodes: only who gets whom differs.
    assert Counter(near.values()) == Counter(plain.values())
    postcode_of = {o.school_id: o.postcode for o in offers}

    def distance(result):
        return sum(tutor_distance(postcodes[c], postcode_of[s]) for c, (s, _n) in result.items() if s)

    # No other way of handing the same groups to the classes is nearer (brute force).
    groups = list(near.values())
    best = min(
        distance(dict(zip(postcodes, order, strict=True))) for order in set(itertools.permutations(groups))
    )
    assert distance(near) == best
    served = {s for s, _n in near.values() if s}
    gaps = tutor_gaps(len(postcodes), offers)
    assert set(gaps) == {o.school_id for o in offers if o.tutors} - served
    assert {o.school_id for o, _share in tutor_shares(len(postcodes), offers)} == served


def test_tutors_prefer_the_youth_education_near_the_school():
    offers = [TutorOfferInput(50, 2, "8000"), TutorOfferInput(51, 2, "8300")]
    result = spread_tutors([1, 2], offers, class_postcodes={1: "8300", 2: "8000"})
    assert result == {1: (51, 2), 2: (50, 2)}
    assert tutor_gaps(1, offers) == {51: TutorGap.FEWER_CLASSES}  # one class: the tie goes by the offer order
    assert tutor_gaps(0, offers) == {50: TutorGap.NO_CLASSES, 51: TutorGap.NO_CLASSES}
