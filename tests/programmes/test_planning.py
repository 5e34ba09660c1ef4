"""The pure HOP-IN assignment: invariants, preferences, determinism, locked placements, explanations."""

import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from programmes.hopin.planning import (
    ClassInput,
    HostInput,
    Match,
    Reason,
    TutorOfferInput,
    assign,
    match,
    spread_tutors,
)


def check_invariants(classes, hosts, fixed, plan):
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
    for class_id, host_id in fixed.items():
        assert plan.placements[class_id] == host_id, "a locked placement moved"
    for host_id, left in plan.free_capacity.items():
        assert left == max(capacity[host_id] - load[host_id], 0)
    # Nothing is left unplaced while a place is free.
    assert not (plan.unplaced and plan.total_free)


def test_capacity_is_respected_and_surplus_classes_are_explained():
    classes = [ClassInput(i, school_id=1) for i in range(1, 6)]
    hosts = [HostInput(10, capacity=2), HostInput(11, capacity=1)]
    plan = assign(classes, hosts)
    assert Counter(plan.placements.values()) == {10: 2, 11: 1}
    assert [u.class_id for u in plan.unplaced] == [4, 5]
    assert {u.reason for u in plan.unplaced} == {Reason.NO_CAPACITY}
    assert plan.total_free == 0
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
    assert plan.placements == {1: 10, 2: 11, 3: 12}
    assert plan.new == {1: Match.WISH_1, 2: Match.WISH_2, 3: Match.WISH_1}
    assert plan.free_capacity == {10: 0, 11: 0, 12: 0, 13: 5}


def test_full_wished_hosts_are_named_in_the_explanation():
    classes = [ClassInput(1, 1, wishes=(10,)), ClassInput(2, 1, wishes=(10, 11))]
    plan = assign(classes, [HostInput(10, 1), HostInput(11, 0)])
    assert plan.placements == {1: 10}
    assert plan.unplaced[0].class_id == 2
    assert plan.unplaced[0].wishes_full == (10, 11)


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
    assert Counter(plan.placements.values()) == {10: 2, 11: 1}
    check_invariants(classes, hosts, {3: 10}, plan)


def test_locked_placement_over_capacity_is_kept_and_leaves_no_negative_room():
    classes = [ClassInput(1, 1), ClassInput(2, 1), ClassInput(3, 1)]
    plan = assign(classes, [HostInput(10, 1)], fixed={1: 10, 2: 10})
    assert plan.placements == {1: 10, 2: 10}
    assert plan.free_capacity == {10: 0}
    assert [u.class_id for u in plan.unplaced] == [3]


def test_same_input_in_any_order_gives_the_same_plan():
    rng = random.Random(7)
    classes = [
        ClassInput(
            i, school_id=i % 5, postcode=f"83{i % 7:02d}", wishes=tuple(rng.sample(range(100, 130), 3))
        )
        for i in range(60)
    ]
    hosts = [HostInput(100 + j, capacity=1 + j % 3, postcode=f"83{j % 9:02d}") for j in range(30)]
    first = assign(classes, hosts)
    shuffled_classes, shuffled_hosts = classes[:], hosts[:]
    rng.shuffle(shuffled_classes)
    rng.shuffle(shuffled_hosts)
    again = assign(shuffled_classes, shuffled_hosts)
    assert first.placements == again.placements
    assert first.unplaced == again.unplaced


def test_match_levels():
    cls = ClassInput(1, school_id=3, postcode="8300", wishes=(10, 11, 12, 13))
    assert match(cls, HostInput(11, 1)) == Match.WISH_2
    assert match(cls, HostInput(13, 1, postcode="8300")) == Match.SAME_POSTCODE  # only three wishes count
    assert match(cls, HostInput(20, 1, preferred_schools=frozenset({3}))) == Match.PREFERRED_SCHOOL
    assert match(cls, HostInput(21, 1, postcode="8399")) == Match.SAME_AREA
    assert match(cls, HostInput(22, 1, postcode="")) == Match.OTHER
    assert match(ClassInput(2, 1, postcode=""), HostInput(23, 1, postcode="")) == Match.OTHER


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


@settings(max_examples=150, deadline=None)
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

    # A class whose first wish had room when its turn came got it: so no first wish is both unmet and free.
    for c in classes:
        if c.id not in fixed and c.wishes:
            got = plan.placements.get(c.id)
            assert got == c.wishes[0] or plan.free_capacity[c.wishes[0]] == 0

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
