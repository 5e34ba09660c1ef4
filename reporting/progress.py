"""Progress toward the goal over time: the "as of" date, the trend over school years, the annual report.

Every figure comes from the goal-counting rule through the querysets in models.py.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerships.models import CooperationAgreement, Programme, ProgrammeParticipation, School
from partnerships.schoolyears import SchoolYear
from programmes.hopin.figures import hopin_coverage

from .programme_sheets import fremtidens_sheet, jetnet_sheet, programme_sheets

EARLIEST_DAY = datetime.date(2000, 1, 1)
MAX_DAYS_AHEAD = 366
TREND_YEARS = 10

Status = CooperationAgreement.Status


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


def trend_table(municipalities, days: list[tuple[str, datetime.date]]) -> list[dict]:
    """Per municipality its name, slug and the counts on each day, from one aggregate query."""
    names = {f"on_{index}": day for index, (_label, day) in enumerate(days)}
    rows = municipalities.with_counts_on(names).order_by("name").values("pk", "name", "slug", *names)
    return [
        {"pk": row["pk"], "name": row["name"], "slug": row["slug"], "counts": [row[n] for n in names]}
        for row in rows
    ]


def overview(municipalities, on: datetime.date):
    """`with_overview` plus each municipality's programme participations (two queries)."""
    participations = ProgrammeParticipation.objects.select_related("programme").order_by("programme__name")
    return municipalities.with_overview(on).prefetch_related(
        Prefetch("participations", queryset=participations)
    )


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

    def agreements(self):
        return CooperationAgreement.objects.filter(school__municipality__in=self.municipalities)

    def municipality_sheet(self) -> tuple[str, list[str], list[list]]:
        rows = overview(self.municipalities, self.end).with_counts_on({"counting_since": self.start})
        headers = [
            _("Municipality"),
            _("Code"),
            _("Goal"),
            _("Counting on %(day)s") % {"day": date_format(self.start, "SHORT_DATE_FORMAT")},
            _("Counting on %(day)s") % {"day": date_format(self.end, "SHORT_DATE_FORMAT")},
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
        data = [
            [
                m.name,
                m.code,
                m.agreement_goal,
                m.counting_since,
                m.counting,
                m.counting - m.counting_since,
                yes_no(m.goal_met),
                str(m.get_goal_status_display()),
                m.drafts,
                m.schools_total,
                m.schools_with_agreement,
                m.schools_without_agreement,
                m.hosts_total,
                m.hosts_with_agreement,
                m.hosts_without_agreement,
                ", ".join(p.programme.name for p in m.participations.all()),
            ]
            for m in rows
        ]
        return _("Municipalities"), headers, data

    def programme_sheet(self) -> tuple[str, list[str], list[list]]:
        figures = {
            row["programme"]: row
            for row in self.agreements().figures_by("programme", on=self.end, since=self.start)
        }
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
                    row.get("schools", 0),
                    row.get("companies", 0),
                    *(row.get(status.value, 0) for status in Status),
                ]
            )
        return _("Programmes"), headers, data

    def school_kind_sheet(self) -> tuple[str, list[str], list[list]]:
        rows = (
            School.objects.filter(municipality__in=self.municipalities)
            .figures_by_kind(on=self.end, since=self.start)
            .values("kind", "schools", "schools_with_agreement", "counting", "counting_since")
        )
        by_kind = {row["kind"]: row for row in rows}
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
            data.append(
                [
                    str(kind.label),
                    row["schools"],
                    row["schools_with_agreement"],
                    row["schools"] - row["schools_with_agreement"],
                    row["counting_since"],
                    row["counting"],
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
        return [
            self.municipality_sheet(),
            self.programme_sheet(),
            self.school_kind_sheet(),
            self.hopin_sheet(),
            *programme_sheets(self),
        ]


SHEETS = {
    "municipalities": AnnualReport.municipality_sheet,
    "programmes": AnnualReport.programme_sheet,
    "school-kinds": AnnualReport.school_kind_sheet,
    "hop-in": AnnualReport.hopin_sheet,
    "jet-net": jetnet_sheet,
    "fremtidens-skole": fremtidens_sheet,
}


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
