"""Timings of the HOP-IN assignment (not part of the test run): `.venv/bin/python bench/bench_planning.py`.

A municipality with 60 classes (12 schools) and 50 hosts, and the whole region as one instance (720 classes,
600 hosts), for both policies, with and without the rule "one class per school per host". Wishes favour a few
popular hosts, as they do in practice, so that hosts are contested; five classes per municipality are locked.
Also what the week page computes (both policies compared, the saved plan explained) and the tutor spread.
"""

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from programmes.hopin.explanation import explain, profile  # noqa: E402
from programmes.hopin.planning import ClassInput, HostInput, Policy, assign  # noqa: E402
from programmes.hopin.tutoring import TutorOfferInput, spread_tutors  # noqa: E402


def municipality(rng: random.Random, offset: int, classes: int = 60, hosts: int = 50, schools: int = 12):
    postcodes = [f"{80 + offset % 20}{k:02d}" for k in range(0, 60, 5)]
    school_postcode = {offset + s: rng.choice(postcodes) for s in range(schools)}
    host_inputs = [
        HostInput(
            offset + j,
            capacity=rng.choice([0, 1, 1, 1, 2, 2, 3]),
            postcode=rng.choice(postcodes),
            preferred_schools=frozenset(rng.sample(sorted(school_postcode), rng.choice([0, 0, 1, 2]))),
        )
        for j in range(hosts)
    ]
    host_ids = [h.id for h in host_inputs]
    popularity = [1 / (rank + 1) for rank in range(hosts)]
    class_inputs = []
    for i in range(classes):
        wishes = []
        for _ in range(rng.choice([0, 1, 2, 3, 3, 3])):
            wish = rng.choices(host_ids, weights=popularity)[0]
            if wish not in wishes:
                wishes.append(wish)
        school = offset + i % schools
        class_inputs.append(ClassInput(offset + i, school, school_postcode[school], tuple(wishes)))
    fixed = {class_inputs[i].id: host_ids[i] for i in range(5) if host_inputs[i].capacity}
    return class_inputs, host_inputs, fixed


def timed(label: str, runs: int, instance, **options) -> None:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        plan = assign(*instance, **options)
        times.append(time.perf_counter() - start)
    p = profile(plan)
    print(
        f"{label:58} median {statistics.median(times) * 1000:7.1f} ms  max {max(times) * 1000:7.1f} ms   "
        f"1st {p.first:3}  2nd {p.second:3}  3rd {p.third:3}  none {p.no_wish:3}  unplaced {p.unplaced:3}"
    )


def timed_week_page(label: str, runs: int, instance) -> None:
    """What the week page computes: both policies' profiles (the comparison) and the saved plan explained."""
    classes, hosts, fixed = instance
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        plans = [assign(classes, hosts, fixed, policy=policy) for policy in Policy]
        explain(classes, hosts, plans[0].placements)
        times.append(time.perf_counter() - start)
    print(f"{label:58} median {statistics.median(times) * 1000:7.1f} ms  max {max(times) * 1000:7.1f} ms")


def timed_tutors(label: str, runs: int, instance, rng: random.Random) -> None:
    classes, _hosts, _fixed = instance
    postcodes = sorted({c.postcode for c in classes})
    offers = [
        TutorOfferInput(k, rng.randint(4, 60), rng.choice(postcodes)) for k in range(3 * len(classes) // 60)
    ]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        spread_tutors([c.id for c in classes], offers, class_postcodes={c.id: c.postcode for c in classes})
        times.append(time.perf_counter() - start)
    print(f"{label:58} median {statistics.median(times) * 1000:7.1f} ms  max {max(times) * 1000:7.1f} ms")


def main() -> None:
    rng = random.Random(2026)
    one = municipality(rng, 0)
    parts = [municipality(rng, 10_000 * (k + 1)) for k in range(12)]
    region = (
        [c for classes, _h, _f in parts for c in classes],
        [h for _c, hosts, _f in parts for h in hosts],
        {k: v for _c, _h, fixed in parts for k, v in fixed.items()},
    )
    for name, instance, runs in [
        ("one municipality, 60 x 50", one, 20),
        ("region as one, 720 x 600", region, 5),
    ]:
        for policy in Policy:
            for rule in (False, True):
                label = f"{name}, {policy.value}{', one per school' if rule else ''}"
                timed(label, runs, instance, policy=policy, one_class_per_school_per_host=rule)
        timed_week_page(f"{name}, week page (both policies + explain)", runs, instance)
        timed_tutors(f"{name}, tutors spread near the schools", runs, instance, rng)


if __name__ == "__main__":
    main()
