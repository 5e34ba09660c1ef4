"""Timings of the HOP-IN assignment (not part of the test run): `.venv/bin/python bench/bench_planning.py`.

A municipality with 60 classes and 50 hosts, the whole region as 12 such municipalities planned one after
another, and the region as one single instance (720 classes, 600 hosts).
"""

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from programmes.planning import ClassInput, HostInput, TutorOfferInput, assign, spread_tutors  # noqa: E402

POSTCODES = ["8300", "8305", "8310", "8320", "8330", "8340", "8350", "8361", "8362", "8370", "8000", "8200"]


def municipality(rng: random.Random, offset: int, classes: int = 60, hosts: int = 50):
    host_inputs = [
        HostInput(
            offset + j,
            capacity=rng.choice([0, 1, 1, 1, 2, 2, 3]),
            postcode=rng.choice(POSTCODES),
            preferred_schools=frozenset(rng.sample(range(offset, offset + 12), rng.choice([0, 0, 1, 2]))),
        )
        for j in range(hosts)
    ]
    host_ids = [h.id for h in host_inputs]
    class_inputs = [
        ClassInput(
            offset + i,
            school_id=offset + i % 12,
            postcode=rng.choice(POSTCODES),
            wishes=tuple(rng.sample(host_ids, rng.choice([0, 1, 2, 3]))),
            order=f"{i:04d}",
        )
        for i in range(classes)
    ]
    fixed = {class_inputs[i].id: host_ids[i] for i in range(5) if host_inputs[i].capacity}
    return class_inputs, host_inputs, fixed


def timed(label: str, runs: int, work) -> None:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    print(f"{label:55} median {statistics.median(times) * 1000:8.1f} ms   max {max(times) * 1000:8.1f} ms")


def main() -> None:
    rng = random.Random(2026)
    one = municipality(rng, 0)
    region = [municipality(rng, 10_000 * (k + 1)) for k in range(12)]
    combined = (
        [c for classes, _h, _f in region for c in classes],
        [h for _c, hosts, _f in region for h in hosts],
        {k: v for _c, _h, fixed in region for k, v in fixed.items()},
    )
    offers = [TutorOfferInput(900 + i, rng.randint(5, 40)) for i in range(4)]

    timed("one municipality: 60 classes x 50 hosts", 20, lambda: assign(*one))
    timed("  ... and spreading tutors", 20, lambda: spread_tutors(assign(*one).placements, offers))
    timed("region: 12 municipalities one after another", 5, lambda: [assign(*m) for m in region])
    timed("region as one instance: 720 classes x 600 hosts", 3, lambda: assign(*combined))
    plan = assign(*one)
    print(
        f"one municipality: {len(plan.placements)} placed, {len(plan.unplaced)} unplaced, "
        f"{plan.total_free} places free"
    )


if __name__ == "__main__":
    main()
