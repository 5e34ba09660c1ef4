"""The annual report of a school year: the page, the workbook and one CSV per sheet (the figures come from
reporting/annual_report.py)."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from brasite.lib.exports import csv_response, xlsx_response
from partnerships.access import role_required
from partnerships.groups import group_municipalities
from partnerships.models import CooperationAgreement, Municipality

from ..annual_report import AnnualReport, AnnualReportForm, report_years, sheet_names
from ..figures_cache import cached
from ..freezing import ensure_frozen
from .progress import file_prefix


def annual_report_for(request, year: int | None = None) -> tuple[AnnualReport, AnnualReportForm, int]:
    version = ensure_frozen()
    first = cached(version, "first-start", lambda: CooperationAgreement.objects.first_start_date() or False)
    years = report_years(first or None)
    data = {"year": str(year)} if year is not None else request.GET
    form = AnnualReportForm(data, years=years)
    if year is not None and not form.is_valid():
        raise Http404(_("There is no report for that school year."))
    municipalities = Municipality.objects.visible_to(request.user).filter(
        pk__in=group_municipalities(request).values("pk")
    )
    return AnnualReport(form.school_year, municipalities), form, version


def report_sheets(report: AnnualReport, version: int, request) -> dict:
    """The report's sheets and corrections, cached per school year and set of municipalities shown."""
    user = request.user
    scope = (
        file_prefix(request)
        + ":"
        + (
            "all"
            if user.sees_all_municipalities
            else ",".join(map(str, sorted(user.visible_municipality_ids)))
        )
    )

    def compute():
        return {
            "sheets": report.sheets(),
            "corrections": list(report.corrections.values()),
            "frozen_at": report.frozen_at,
            "closed": report.closed,
        }

    return cached(version, f"annual:{report.school_year.start_year}:{scope}", compute)


@require_GET
@role_required()
def annual_report(request):
    """A school year's figures for the user's municipalities, with the workbook and CSV downloads; an
    ended year shows its frozen figures and any later corrections."""
    report, form, version = annual_report_for(request)
    figures = report_sheets(report, version, request)
    return render(
        request,
        "reporting/annual_report.html",
        {"form": form, "report": report, "csv_sheets": csv_sheets(), **figures},
    )


# The fixed sheets' CSV links; a programme's sheet is labelled with the programme's name.
CSV_SHEET_LABELS = {
    "municipalities": gettext_lazy("Municipalities"),
    "programmes": gettext_lazy("Programmes"),
    "school-kinds": gettext_lazy("School kinds"),
}


def csv_sheets() -> dict[str, str]:
    """The report's CSV downloads by sheet name, with the label of each link."""
    return {name: CSV_SHEET_LABELS.get(name, programme) for name, programme in sheet_names().items()}


@require_GET
@role_required()
def annual_report_xlsx(request, year):
    report, _form, version = annual_report_for(request, year)
    sheets = report_sheets(report, version, request)["sheets"]
    return xlsx_response(f"{file_prefix(request)}-report-{report.school_year.start_year}.xlsx", sheets)


@require_GET
@role_required()
def annual_report_csv(request, year, sheet):
    names = list(sheet_names())  # in the order of the report's sheets
    if sheet not in names:
        raise Http404(_("There is no such sheet."))
    report, _form, version = annual_report_for(request, year)
    sheets = report_sheets(report, version, request)["sheets"]
    _title, headers, rows = sheets[names.index(sheet)]
    return csv_response(
        f"{file_prefix(request)}-report-{report.school_year.start_year}-{sheet}.csv", headers, rows
    )
