"""Freezing a school year's figures when it has ended, and comparing them with the figures now.

A school year ends on 31 July; from 1 August its figures per municipality and programme are stored as
they stood (`FrozenFigure`): what the annual report and the trend show. Later corrections (an agreement
recorded late, a cancellation, a changed end date) change only the live figures; pages show both.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import BigIntegerField, Count, F, Sum
from django.db.models.functions import Coalesce, Mod
from django.utils import timezone

from partnerships.models import CooperationAgreement, Municipality
from partnerships.schoolyears import SchoolYear

from .figures_cache import cached, figures_version, store
from .models import FrozenFigure, FrozenProgrammeFigure


def last_ended_year(today: datetime.date | None = None) -> SchoolYear:
    return SchoolYear(SchoolYear.containing(today or timezone.localdate()).start_year - 1)


def freeze_school_year(year: SchoolYear, *, now: datetime.datetime | None = None) -> int:
    """Store the ended school year's figures for every municipality not yet frozen for it; returns how
    many municipalities were frozen (0 when all were, so running it again changes nothing)."""
    now = now or timezone.now()
    if year.last_day >= timezone.localdate(now):
        raise ValueError(f"The school year {year.label} has not ended yet.")
    done = set(
        FrozenFigure.objects.filter(school_year=year.start_year).values_list("municipality", flat=True)
    )
    municipalities = (
        Municipality.objects.exclude(pk__in=done)
        .with_goal(year.last_day)
        .with_counts_on({"at_start": year.first_day, "at_end": year.last_day})
    )
    rows = list(municipalities)
    if not rows:
        return 0
    ids = defaultdict(list)
    counted = CooperationAgreement.objects.counting(year.last_day).filter(
        school__municipality__in=[m.pk for m in rows]
    )
    for pk, municipality in counted.order_by("pk").values_list("pk", "school__municipality"):
        ids[municipality].append(pk)
    by_programme = CooperationAgreement.objects.filter(
        school__municipality__in=[m.pk for m in rows]
    ).figures_by("school__municipality", "programme", on=year.last_day, since=year.first_day)
    try:
        with transaction.atomic():
            figures = {
                m.pk: FrozenFigure.objects.create(
                    school_year=year.start_year,
                    municipality=m,
                    goal=m.agreement_goal,
                    counting_at_start=m.at_start,
                    counting_at_end=m.at_end,
                    agreement_ids=ids[m.pk],
                    frozen_at=now,
                )
                for m in rows
            }
            FrozenProgrammeFigure.objects.bulk_create(
                FrozenProgrammeFigure(
                    figure=figures[row["school__municipality"]],
                    programme_id=row["programme"],
                    counting_at_start=row["counting_since"],
                    counting_at_end=row["counting"],
                )
                for row in by_programme
                if row["counting"] or row["counting_since"]
            )
    except IntegrityError:
        return 0  # another process froze the year at the same moment
    return len(rows)


def years_to_freeze(today: datetime.date | None = None) -> list[SchoolYear]:
    """Ended school years, from the first agreement's on, that some municipality has no figures for."""
    last = last_ended_year(today)
    first = CooperationAgreement.objects.first_start_date()
    if first is None or first > last.last_day:
        return []
    municipalities = Municipality.objects.count()
    complete = set(
        FrozenFigure.objects.values("school_year")
        .annotate(n=Count("pk"))
        .filter(n__gte=municipalities)
        .values_list("school_year", flat=True)
    )
    return [
        SchoolYear(start)
        for start in range(SchoolYear.containing(first).start_year, last.start_year + 1)
        if start not in complete
    ]


def freeze_ended_years(today: datetime.date | None = None) -> list[SchoolYear]:
    """Freeze every ended school year not frozen yet (the command, and the first page view after 31 July)."""
    years = years_to_freeze(today)
    for year in years:
        freeze_school_year(year)
    return years


def ensure_frozen() -> int:
    """Freeze ended school years on the first figure page viewed after 31 July (once per version of the
    figures: a cheap check); returns the figures' version to cache under, new if something was frozen."""
    version = figures_version()
    key = f"frozen-through-{last_ended_year().start_year}"
    if cached(version, key, lambda: not years_to_freeze()):
        return version
    freeze_ended_years()
    version = figures_version()
    store(version, key, True)
    return version


@dataclass
class Correction:
    """A frozen municipality-year whose live figure differs: what was reported, what it is now, and the
    agreements that make the difference."""

    figure: FrozenFigure
    now: int
    added: list = field(default_factory=list)  # counted now, not when frozen
    removed: list = field(default_factory=list)  # counted when frozen, not now

    @property
    def reported(self) -> int:
        return self.figure.counting_at_end


# An order-free fingerprint of a set of agreement ids, the same in SQL and in Python: how many, their sum,
# and the sum of a multiplicative hash of each (Knuth's constant, modulo the largest 32-bit prime). Two
# different sets have the same fingerprint with a chance of about one in 2**32 each time one is changed.
MIX, MODULUS = 2654435761, 4294967291


def fingerprint(ids) -> tuple[int, int, int]:
    return len(ids), sum(ids), sum(pk * MIX % MODULUS for pk in ids)


def fingerprint_sums(rule) -> dict:
    """The sums of `fingerprint` over the agreements matching `rule`, as aggregates (with their count,
    `Count("pk", filter=rule)`, they are the fingerprint of each group)."""
    mixed = Mod(F("pk") * MIX, MODULUS, output_field=BigIntegerField())
    return {
        "fingerprint_total": Coalesce(Sum("pk", filter=rule), 0, output_field=BigIntegerField()),
        "fingerprint_mixed": Coalesce(Sum(mixed, filter=rule), 0, output_field=BigIntegerField()),
    }


def corrections(year: SchoolYear, municipalities, live: dict) -> dict[int, Correction]:
    """Per municipality (pk), how the year's frozen figure has been corrected since; at most three queries.

    `live` has the fingerprint of the agreements counting now per municipality pk, summed by the caller's
    pass over the agreements (`fingerprint_sums`). It is compared with the frozen agreements' first, so
    that only the municipalities with a correction read the ids of their agreements.
    """
    figures = {
        f.municipality_id: f
        for f in FrozenFigure.objects.filter(
            school_year=year.start_year, municipality__in=municipalities
        ).select_related("municipality")
    }
    if not figures:
        return {}
    live = {pk: tuple(map(int, fingerprint)) for pk, fingerprint in live.items()}
    corrected = [pk for pk, f in figures.items() if fingerprint(f.agreement_ids) != live.get(pk, (0, 0, 0))]
    now_ids = defaultdict(set)
    if corrected:
        counted = CooperationAgreement.objects.counting(year.last_day)
        counted = counted.filter(school__municipality__in=corrected)
        for pk, municipality in counted.values_list("pk", "school__municipality"):
            now_ids[municipality].add(pk)
    result = {}
    for pk in corrected:
        now, then = now_ids[pk], set(figures[pk].agreement_ids)
        result[pk] = Correction(figures[pk], len(now), sorted(now - then), sorted(then - now))
    changed = {pk for c in result.values() for pk in (*c.added, *c.removed)}
    agreements = (
        CooperationAgreement.objects.filter(pk__in=changed)
        .select_related("school")
        .prefetch_related("transitions")
        .in_bulk()
    )
    for correction in result.values():
        correction.added = [agreements[pk] for pk in correction.added if pk in agreements]
        correction.removed = [agreements[pk] for pk in correction.removed if pk in agreements]
    return result
