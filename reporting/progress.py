"""Progress toward the goal over time: the "as of" date, the overview and the trend over school years (the
annual report is annual_report.py).

Every figure comes from the goal-counting rule through the querysets in models.py.
"""

import datetime

from django import forms
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerships.models import ProgrammeParticipation, goal_of_year
from partnerships.schoolyears import SchoolYear

from .models import FrozenFigure

EARLIEST_DAY = datetime.date(2000, 1, 1)
MAX_DAYS_AHEAD = 366
TREND_YEARS = 10


class AsOfForm(forms.Form):
    """The date a progress page shows; bad input gives a message and the page falls back to today."""

    on = forms.DateField(
        label=gettext_lazy("As of"),
        required=False,
        input_formats=["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"],
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Enter a real date, for example 31.07.2025.")},
        help_text=gettext_lazy("Show the figures as they were on this day."),
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data if data and "on" in data else None, **kwargs)
        self.today = timezone.localdate()
        self.fields["on"].widget.attrs.update(min=EARLIEST_DAY.isoformat(), max=self.latest_day.isoformat())

    @property
    def latest_day(self) -> datetime.date:
        return self.today + datetime.timedelta(days=MAX_DAYS_AHEAD)

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on is not None and on < EARLIEST_DAY:
            raise forms.ValidationError(
                _("Choose a date from %(day)s on.") % {"day": date_format(EARLIEST_DAY, "SHORT_DATE_FORMAT")}
            )
        if on is not None and on > self.latest_day:
            raise forms.ValidationError(_("Choose a date at most one year from today."))
        return on

    @property
    def as_of(self) -> datetime.date:
        """The valid date asked for, or today."""
        if self.is_bound and self.is_valid() and self.cleaned_data["on"]:
            return self.cleaned_data["on"]
        return self.today


def trend_days(first: datetime.date | None, on: datetime.date) -> list[tuple[str, datetime.date]]:
    """31 July of each school year from the first agreement's up to `on` (at most 10), then `on` itself."""
    if first is None or first > on:
        return [(date_format(on, "SHORT_DATE_FORMAT"), on)]
    years = [
        SchoolYear(start)
        for start in range(SchoolYear.containing(first).start_year, SchoolYear.containing(on).start_year + 1)
        if SchoolYear(start).last_day < on
    ][-TREND_YEARS:]
    days = [(year.label, year.last_day) for year in years]
    return [*days, (date_format(on, "SHORT_DATE_FORMAT"), on)]


def quick_picks(first: datetime.date | None, today: datetime.date) -> list[tuple[str, datetime.date]]:
    """The end (31 July) of each finished school year since the first agreement, newest first."""
    days = trend_days(first or today, today)[:-1]
    return list(reversed(days))


def trend_names(days: list[tuple[str, datetime.date]]) -> dict[str, datetime.date]:
    return {f"on_{index}": day for index, (_label, day) in enumerate(days)}


def trend_table(municipalities, days: list[tuple[str, datetime.date]], live: dict | None = None) -> list:
    """Per municipality its name, slug and, for each day, the figure shown: for the end of an ended school
    year the frozen (reported) one, else the live one. Three queries whatever the data (two when the live
    counts, per municipality pk by `trend_names`, come from a pass made for more figures).

    Each row has `counts` (the figures shown), `goals`, and `cells`: dicts with `value`, `now` (live),
    `goal`, `frozen` and `corrected` (the live figure differs from the reported one).
    """
    names = trend_names(days)
    goals = {
        f"goal_{index}": goal_of_year(SchoolYear.containing(day)) for index, (_label, day) in enumerate(days)
    }
    rows = municipalities.annotate(**goals).order_by("name").values("pk", "name", "slug", *goals)
    live = municipalities.counts_on(names) if live is None else live
    today = timezone.localdate()
    closed = {day: SchoolYear.containing(day).start_year for _label, day in days[:-1] if day < today}
    frozen = {  # (municipality pk, school year) -> (goal, counting at the end), of these municipalities only
        (pk, year): (goal, counting)
        for pk, year, goal, counting in FrozenFigure.objects.filter(
            school_year__in=closed.values(), municipality__in=municipalities.values("pk")
        ).values_list("municipality", "school_year", "goal", "counting_at_end")
    }
    table = []
    for row in rows:
        cells = []
        now = live[row["pk"]]
        for (name, day), goal_name in zip(names.items(), goals, strict=True):
            figure = frozen.get((row["pk"], closed[day])) if day in closed else None
            value = figure[1] if figure else now[name]
            cells.append(
                {
                    "value": value,
                    "now": now[name],
                    "goal": figure[0] if figure else row[goal_name],
                    "frozen": figure is not None,
                    "corrected": figure is not None and value != now[name],
                }
            )
        table.append(
            {
                "pk": row["pk"],
                "name": row["name"],
                "slug": row["slug"],
                "counts": [cell["value"] for cell in cells],
                "goals": [cell["goal"] for cell in cells],
                "cells": cells,
                "corrected": any(cell["corrected"] for cell in cells),
            }
        )
    return table


def trend_rows(table: list[dict], days: list[tuple[str, datetime.date]]) -> list[tuple[str, int, int]]:
    """(label, agreements counted, goal) per column, summed over the municipalities (for the chart)."""
    return [
        (label, sum(row["counts"][i] for row in table), sum(row["goals"][i] for row in table))
        for i, (label, _day) in enumerate(days)
    ]


def overview(municipalities, on: datetime.date, counts=None, **days: datetime.date) -> list:
    """`with_overview`, `drafts_now` and `goal_progress` (with counts on further named `days`, or the
    `counts` given) plus each municipality's programme participations, in name order (four queries)."""
    participations = ProgrammeParticipation.objects.select_related("programme").order_by("programme__name")
    listed = (
        municipalities.with_overview(on)
        .prefetch_related(Prefetch("participations", queryset=participations))
        .goal_progress(on, counts, **days)
    )
    drafts = municipalities.drafts_now()
    for municipality in listed:
        municipality.drafts = drafts[municipality.pk]
    return listed
