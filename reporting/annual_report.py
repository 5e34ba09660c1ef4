"""The annual report: a school year's figures for a set of municipalities, one sheet per view (the page,
the workbook and the CSV downloads). A closed year shows its frozen figures beside the live ones.

Every figure comes from the goal-counting rule through the querysets in models.py.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django import forms
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerships.models import CooperationAgreement, Programme, ProgrammeParticipation, School
from partnerships.schoolyears import SchoolYear
from programmes.hopin.figures import hopin_coverage

from .freezing import corrections, fingerprint_sums
from .models import FrozenFigure
from .programme_sheets import fremtidens_sheet, jetnet_sheet
from .progress import overview

Status = CooperationAgreement.Status
# How the annual report's one pass over the agreements is grouped (`AnnualReport.figure_rows`).
ROW_GROUPS = ("school__municipality", "school__kind", "programme")


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
