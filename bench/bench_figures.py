"""Timings of the figure pages at scale, in-process (not in the test run; PostgreSQL):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/braa_bench .venv/bin/python bench/bench_figures.py M

Fills an empty, migrated database with `generate_bulk --scale S|M|L` (M: 600 schools, 5,000 companies and
20,000 agreements over 8 school years in the 12 municipalities), freezes the ended school years, then
prints per figure page the median of the first render with nothing cached (the figures' version bumped
before each) and of a cached render, with the queries per page, and EXPLAIN ANALYZE of the main queries.
"""

import logging
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brasite.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()
logging.getLogger("brasite.requests").setLevel(logging.WARNING)  # one line per request otherwise

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from partnerships.models import Company, CooperationAgreement, Municipality, School, User  # noqa: E402
from partnerships.schoolyears import SchoolYear  # noqa: E402
from reporting.figures_cache import bump_figures_version  # noqa: E402
from reporting.freezing import freeze_ended_years  # noqa: E402
from reporting.progress import overview, trend_days  # noqa: E402

RUNS = 7


def fill(scale: str) -> None:
    """The bench data of `generate_bulk` at the scale (kept when already there), its ended years frozen."""
    call_command("seed_reference", verbosity=0)
    if not CooperationAgreement.objects.exists():
        call_command("generate_bulk", scale=scale, verbosity=0)
    freeze_ended_years()


def timed(client: Client, url: str, *, uncached: bool) -> tuple[float, int]:
    times, queries = [], 0
    for _ in range(RUNS):
        if uncached:
            bump_figures_version()
        with CaptureQueriesContext(connection) as context:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(context)
    return statistics.median(times), queries


def explain(title: str, run) -> None:
    """EXPLAIN ANALYZE of each query that `run()` sends (the figure functions as the pages call them)."""
    with CaptureQueriesContext(connection) as context:
        run()
    for number, query in enumerate(context.captured_queries, 1):
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + query["sql"])
            plan = [row[0] for row in cursor.fetchall()]
        total = next((line for line in plan if line.startswith("Execution Time")), "")
        print(f"  {title}, query {number}: {total}")


def main() -> None:
    scale = sys.argv[1] if len(sys.argv) > 1 else "M"
    assert connection.vendor == "postgresql", "run it on PostgreSQL (DATABASE_URL)"
    started = time.perf_counter()
    fill(scale)
    print(
        f"{CooperationAgreement.objects.count()} agreements, {School.objects.count()} schools, "
        f"{Company.objects.count()} companies (filled in {time.perf_counter() - started:.1f} s)"
    )
    viewer, _ = User.objects.get_or_create(
        email="bench-viewer@example.com", defaults={"role": User.Role.VIEWER}
    )
    anonymous = Client(HTTP_HOST="localhost")
    logged_in = Client(HTTP_HOST="localhost")
    logged_in.force_login(viewer)
    year = SchoolYear.current().start_year - 1
    pages = [
        (anonymous, reverse("reporting:public_progress")),
        (anonymous, reverse("reporting:public_progress") + "?on=2024-03-03"),
        (anonymous, reverse("reporting:public_progress_csv")),
        (anonymous, reverse("reporting:public_progress_json")),
        (anonymous, reverse("reporting:public_trend_json")),
        (logged_in, reverse("reporting:region_overview")),
        (logged_in, reverse("reporting:municipality_detail", args=["aarhus"])),
        (logged_in, reverse("reporting:annual_report") + f"?year={year}"),
        (logged_in, reverse("reporting:annual_report_xlsx", args=[year])),
    ]
    print(f"{'page':<40} {'uncached ms':>12} {'queries':>8} {'cached ms':>10} {'queries':>8}")
    for client, url in pages:
        client.get(url)  # warm up imports and templates
        uncached, queries_uncached = timed(client, url, uncached=True)
        cached, queries_cached = timed(client, url, uncached=False)
        print(f"{url:<40} {uncached:>12.1f} {queries_uncached:>8} {cached:>10.1f} {queries_cached:>8}")
    print("EXPLAIN ANALYZE:")
    today = timezone.localdate()
    served = Municipality.objects.served()
    explain("overview of the group (region, public page)", lambda: overview(served, today))
    first = CooperationAgreement.objects.first_start_date()
    days = {f"on_{i}": day for i, (_label, day) in enumerate(trend_days(first, today))}
    explain("trend counts of the group (grouped pass)", lambda: served.counts_on(days))
    aarhus = Municipality.objects.get(slug="aarhus")
    explain(
        "municipality figures by programme",
        lambda: list(
            CooperationAgreement.objects.filter(school__municipality=aarhus).figures_by(
                "programme__name", on=today
            )
        ),
    )


if __name__ == "__main__":
    main()
