"""Timings and sizes of the maps (not part of the test run): `.venv/bin/python bench/bench_maps.py`.

Cold: reading and preparing the boundaries in a fresh process (once per worker). First drawing: fitting
and simplifying a group with the boundaries prepared. Cached: what every later page pays, for BRAA's 12
municipalities and all 98 — the drawing, the page's figures and labels added, and the partial rendered.
"""

import datetime
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brasite.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-that-is-long-enough-for-the-checks-0123456789")
os.environ.setdefault("DEBUG", "true")

BRAA = ["0751", "0710", "0766", "0615", "0707", "0727", "0730", "0741", "0740", "0746", "0706", "0791"]
COLD = (
    "import time, sys; sys.path.insert(0, {base!r}); from reporting import geometry;"
    "start = time.perf_counter(); geometry.atlas(); print(time.perf_counter() - start)"
)


def timed(label: str, runs: int, work, before=lambda: None) -> None:
    times = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    print(f"{label:58} median {statistics.median(times) * 1000:8.2f} ms   max {max(times) * 1000:8.2f} ms")


def main() -> None:
    import django

    django.setup()
    from django.template.loader import render_to_string

    from reporting import geometry, maps

    colds = [
        float(
            subprocess.run(
                [sys.executable, "-c", COLD.format(base=str(BASE_DIR))],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for _ in range(5)
    ]
    label = "cold: read and prepare the boundaries (fresh process)"
    print(f"{label:58} median {statistics.median(colds) * 1000:8.2f} ms   max {max(colds) * 1000:8.2f} ms")
    geometry.atlas()
    on = datetime.date(2025, 3, 3)
    statuses = ["met", "close", "behind"]
    for name, codes in (("BRAA (12)", BRAA), ("Denmark (98)", sorted(maps.denmark()))):
        rows = [
            maps.MapRow(code, f"Kommune {code}", f"/kommuner/{code}/", i % 5, 3, statuses[i % 3])
            for i, code in enumerate(codes)
        ]
        timed(
            f"{name}: first drawing", 10, lambda codes=codes: maps.drawing(codes), maps._drawing.cache_clear
        )
        maps.drawing(codes)
        timed(f"{name}: cached drawing", 200, lambda codes=codes: maps.drawing(codes))
        timed(f"{name}: group_map(rows), drawing cached", 100, lambda rows=rows: maps.group_map(rows, on=on))
        timed(
            f"{name}: group_map + render _group_map.html",
            50,
            lambda rows=rows: render_to_string(
                "reporting/includes/_group_map.html", {"map": maps.group_map(rows, on=on)}
            ),
        )
        html = render_to_string("reporting/includes/_group_map.html", {"map": maps.group_map(rows, on=on)})
        view = maps.drawing(codes)
        print(
            f"{name}: markup {len(html.encode()) / 1024:.1f} KB (municipalities' paths "
            f"{sum(len(s.d) for s in view.shapes.values()) / 1024:.1f} KB, {len(view.neighbours)} neighbours "
            f"{sum(len(s.d) for s in view.neighbours) / 1024:.1f} KB), drawing {view.width}×{view.height} px"
        )
    municipality = maps.municipality_map("0751", "Aarhus", [])
    html = render_to_string("reporting/includes/_municipality_map.html", {"map": municipality})
    print(f"Aarhus alone (municipality map, no points): markup {len(html.encode()) / 1024:.1f} KB")


if __name__ == "__main__":
    main()
