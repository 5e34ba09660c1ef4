"""Progress toward the goal over time: the "as of" date, the trend over school years, the annual report.

Every figure comes from the goal-counting rule through the querysets in models.py.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django import forms
from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerships.models import (
    CooperationAgreement,
    Programme,
    ProgrammeParticipation,
    School,
    goal_of_year,
)
from partnerships.schoolyears import SchoolYear
from programmes.hopin.figures import hopin_coverage

from .freezing import corrections, fingerprint_sums
from .models import FrozenFigure
from .programme_sheets import fremtidens_sheet, jetnet_sheet

EARLIEST_DAY = datetime.date(2000, 1, 1)
MAX_DAYS_AHEAD = 366
TREND_YEARS = 10

Status = CooperationAgreement.Status
# How the annual report's one pass over the agreements is grouped (`AnnualReport.figure_rows`).
ROW_GROUPS = ("school__municipality", "school__kind", "programme")


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


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


@dataclass
class AnnualReport:
    """The figures of one school year for the given municipalities: a sheet per view."""

    school_year: SchoolYear
    municipalities: object  # a Municipality queryset (the user's)

    @property
    def start(self) -> datetime.date:
        return self.school_year.first_day

    @property
    def end(self) -> datetime.date:
        """31 July, or today while the school year is still running."""
        return min(self.school_year.last_day, timezone.localdate())

    @property
    def closed(self) -> bool:
        """The school year has ended: its figures are the frozen ones."""
        return self.school_year.last_day < timezone.localdate()

    @cached_property
    def frozen(self) -> dict:
        """The frozen figures per municipality pk (empty while the year runs)."""
        if not self.closed:
            return {}
        figures = (
            FrozenFigure.objects.filter(
                school_year=self.school_year.start_year, municipality__in=self.municipalities
            )
            .defer("agreement_ids")  # only `corrections` reads them
            .prefetch_related("programmes")
        )
        return {figure.municipality_id: figure for figure in figures}

    @cached_property
    def corrections(self) -> dict:
        """Per municipality pk, how its frozen figure was corrected after the year closed (the fingerprints
        of the agreements counting now come from `figure_rows`)."""
        if not self.frozen:
            return {}
        live = {
            pk: (sums["counting"], sums["fingerprint_total"], sums["fingerprint_mixed"])
            for pk, sums in self.summed_by("school__municipality").items()
        }
        return corrections(self.school_year, self.municipalities, live)

    @property
    def frozen_at(self):
        return min((f.frozen_at for f in self.frozen.values()), default=None)

    def agreements(self):
        return CooperationAgreement.objects.filter(school__municipality__in=self.municipalities)

    @cached_property
    def figure_rows(self) -> list[dict]:
        """The agreements' figures per municipality, kind of school and programme from one pass over them,
        which the municipality, programme and school-kind sheets each sum up their own way."""
        fingerprints = fingerprint_sums(CooperationAgreement.counting_q(self.end)) if self.closed else {}
        return self.agreements().figure_rows(*ROW_GROUPS, on=self.end, since=self.start, **fingerprints)

    def summed_by(self, group: str) -> dict:
        """`figure_rows` summed per value of one of `ROW_GROUPS` (dict of figure name to sum)."""
        sums = {}
        for row in self.figure_rows:
            figures = sums.get(row[group])
            if figures is None:
                sums[row[group]] = {name: value for name, value in row.items() if name not in ROW_GROUPS}
            else:
                for name in figures:
                    figures[name] += row[name]
        return sums

    def municipality_sheet(self) -> tuple[str, list[str], list[list]]:
        counts = self.summed_by("school__municipality")
        rows = overview(self.municipalities, self.end, counts, counting_since=self.start)
        end_label = date_format(self.end, "SHORT_DATE_FORMAT")
        headers = [
            _("Municipality"),
            _("Code"),
            _("Goal"),
            _("Counting on %(day)s") % {"day": date_format(self.start, "SHORT_DATE_FORMAT")},
            _("Counting on %(day)s") % {"day": end_label},
            _("Change"),
            _("Goal met"),
            _("Status"),
            _("In draft now"),
            _("Schools"),
            _("Schools with an agreement"),
            _("Schools without an agreement"),
            _("Approved hosts"),
            _("Hosts with an agreement"),
            _("Hosts without an agreement"),
            _("Programmes"),
        ]
        if self.frozen:  # beside what was reported: the figure now
            headers[8:8] = [
                _("Counting on %(day)s now") % {"day": end_label},
                _("Corrected after the year closed"),
            ]
        data = []
        for m in rows:
            figure = self.frozen.get(m.pk)
            if figure is not None:  # what was reported when the year closed
                m.agreement_goal, m.counting_since, m.counting_now = (
                    figure.goal,
                    figure.counting_at_start,
                    m.counting,
                )
                m.counting = figure.counting_at_end
            data.append(self._municipality_row(m, figure))
        return _("Municipalities"), headers, data

    def _municipality_row(self, m, figure) -> list:
        row = [
            m.name,
            m.code,
            m.agreement_goal,
            m.counting_since,
            m.counting,
            m.counting - m.counting_since,
            yes_no(m.goal_met),
            str(m.get_goal_status_display()),
        ]
        if self.frozen:
            corrected = m.pk in self.corrections
            row += [
                m.counting_now if figure else m.counting,
                _("reported %(reported)s, now %(now)s") % {"reported": m.counting, "now": m.counting_now}
                if corrected
                else _("No"),
            ]
        return row + [
            m.drafts,
            m.schools_total,
            m.schools_with_agreement,
            m.schools_without_agreement,
            m.hosts_total,
            m.hosts_with_agreement,
            m.hosts_without_agreement,
            ", ".join(p.programme.name for p in m.participations.all()),
        ]

    def programme_sheet(self) -> tuple[str, list[str], list[list]]:
        parties = self.agreements().parties_by("programme", on=self.end)
        figures = {pk: {**sums, **parties.get((pk,), {})} for pk, sums in self.summed_by("programme").items()}
        participants = dict(
            ProgrammeParticipation.objects.filter(municipality__in=self.municipalities)
            .values("programme")
            .annotate(n=Count("pk"))
            .values_list("programme", "n")
        )
        headers = [
            _("Programme"),
            _("Participating municipalities"),
            _("Counting on %(day)s") % {"day": date_format(self.start, "SHORT_DATE_FORMAT")},
            _("Counting on %(day)s") % {"day": date_format(self.end, "SHORT_DATE_FORMAT")},
            _("Schools with an agreement"),
            _("Companies with an agreement"),
            *(str(status.label) for status in Status),
        ]
        if self.frozen:  # the reported counts, summed over the municipalities' frozen figures
            reported = {}
            for figure in self.frozen.values():
                for row in figure.programmes.all():
                    start, end = reported.get(row.programme_id, (0, 0))
                    reported[row.programme_id] = (start + row.counting_at_start, end + row.counting_at_end)
            headers.insert(
                4, _("Counting on %(day)s now") % {"day": date_format(self.end, "SHORT_DATE_FORMAT")}
            )
            for pk in set(reported) | set(figures):
                row = figures.setdefault(pk, {})
                row["counting_now"] = row.get("counting", 0)
                row["counting_since"], row["counting"] = reported.get(pk, (0, 0))
        data = []
        programmes = [(p.pk, p.name) for p in Programme.objects.order_by("name")]
        if None in figures:
            programmes.append((None, _("No programme")))
        for pk, name in programmes:
            row = figures.get(pk, {})
            data.append(
                [
                    name,
                    participants.get(pk, 0) if pk else "",
                    row.get("counting_since", 0),
                    row.get("counting", 0),
                    *([row.get("counting_now", 0)] if self.frozen else []),
                    row.get("schools", 0),
                    row.get("companies", 0),
                    *(row.get(status.value, 0) for status in Status),
                ]
            )
        return _("Programmes"), headers, data

    def school_kind_sheet(self) -> tuple[str, list[str], list[list]]:
        by_kind = School.objects.filter(municipality__in=self.municipalities).schools_by_kind(on=self.end)
        agreements = self.summed_by("school__kind")
        headers = [
            _("Kind of school"),
            _("Schools"),
            _("Schools with an agreement"),
            _("Schools without an agreement"),
            _("Counting on %(day)s") % {"day": date_format(self.start, "SHORT_DATE_FORMAT")},
            _("Counting on %(day)s") % {"day": date_format(self.end, "SHORT_DATE_FORMAT")},
        ]
        data = []
        for kind in School.Kind:
            row = by_kind.get(kind.value)
            if row is None:
                continue
            counted = agreements.get(kind.value, {})
            data.append(
                [
                    str(kind.label),
                    row["schools"],
                    row["schools_with_agreement"],
                    row["schools"] - row["schools_with_agreement"],
                    counted.get("counting_since", 0),
                    counted.get("counting", 0),
                ]
            )
        return _("School kinds"), headers, data

    def hopin_sheet(self) -> tuple[str, list[str], list[list]]:
        """HOP-IN coverage: placed classes of all classes of the week's grade, per municipality."""
        weeks = hopin_coverage(self.school_year.start_year).filter(municipality__in=self.municipalities)
        headers = [
            _("Municipality"),
            _("First day"),
            _("Last day"),
            _("Grade"),
            _("Classes"),
            _("Placed classes"),
            _("Coverage (%)"),
            _("Plan published"),
        ]
        data = [
            [
                week.municipality.name,
                week.starts_on,
                week.ends_on,
                week.grade,
                week.classes_total,
                week.classes_placed,
                week.coverage if week.coverage is not None else "",
                yes_no(week.published_at is not None),
            ]
            for week in weeks
        ]
        return "HOP-IN", headers, data

    def sheets(self) -> list[tuple[str, list[str], list[list]]]:
        """Every sheet, in the order of `sheet_names()`: the fixed ones, then one per kind of work."""
        return [make(self) for make in [*SHEETS.values(), *WORK_SHEETS.values()]]


# The sheets of every report, by the name of their CSV download.
SHEETS = {
    "municipalities": AnnualReport.municipality_sheet,
    "programmes": AnnualReport.programme_sheet,
    "school-kinds": AnnualReport.school_kind_sheet,
}
# Then one sheet per kind of programme work: data (Programme.work_kind), whatever the programme is called.
WORK_SHEETS = {
    Programme.WorkKind.HOPIN: AnnualReport.hopin_sheet,
    Programme.WorkKind.JETNET: jetnet_sheet,
    Programme.WorkKind.FREMTIDENS: fremtidens_sheet,
}


def sheet_names() -> dict[str, str]:
    """The names of the report's sheets (their CSV downloads) in the order of `AnnualReport.sheets()`, each
    with the name of its programme ("" for the fixed sheets). A kind of work's sheet is named after the
    programme doing it (`Programme.objects.of_kind`: its slug and name); while none does, or its slug is
    already a sheet's name, after the kind of work."""
    names = dict.fromkeys(SHEETS, "")
    for kind in WORK_SHEETS:
        programme = Programme.objects.of_kind(kind)
        name = programme.slug if programme is not None and programme.slug not in names else kind.value
        names[name] = programme.name if programme is not None else str(kind.label)
    return names


def report_years(first: datetime.date | None) -> list[SchoolYear]:
    """The school years a report can be made for: from the first agreement's to the current one."""
    current = SchoolYear.current()
    first_year = SchoolYear.containing(min(first or current.first_day, current.first_day))
    return [SchoolYear(year) for year in range(current.start_year, first_year.start_year - 1, -1)]


class AnnualReportForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("School year"), coerce=int)

    def __init__(self, data=None, *, years: list[SchoolYear], **kwargs):
        super().__init__(data if data and "year" in data else None, **kwargs)
        self.years = years
        self.fields["year"].choices = [(year.start_year, year.label) for year in years]
        self.fields["year"].error_messages["invalid_choice"] = _(
            "Choose one of the school years in the list."
        )

    @property
    def school_year(self) -> SchoolYear:
        if self.is_bound and self.is_valid():
            return SchoolYear(self.cleaned_data["year"])
        return self.years[0]
