"""Progress toward three agreements per municipality: region overview, municipality page, public
progress page with open data, and the annual report."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from brasite.lib.exports import csv_cell, csv_response, csv_writer, xlsx_response
from partnerships.access import get_municipality, role_required
from partnerships.models import Company, CooperationAgreement, Municipality, ProgrammeParticipation, School
from programmes.figures import municipality_work_context

from ..map_data import progress_map, work_municipality_map
from ..progress import (
    SHEETS,
    AnnualReport,
    AnnualReportForm,
    AsOfForm,
    overview,
    quick_picks,
    report_years,
    trend_days,
    trend_table,
)

# Sort keys of the region overview -> model ordering (the name breaks ties).
OVERVIEW_ORDERINGS = {
    "name": "name",
    "code": "code",
    "counting": "counting",
    "status": "goal_rank",
    "drafts": "drafts",
    "schools": "schools_with_agreement",
    "hosts": "hosts_with_agreement",
}


def overview_ordering(value: str | None) -> tuple[str, list[str]]:
    """The accepted `ordering` parameter and the matching order_by(); unknown values sort by name."""
    key = (value or "").removeprefix("-")
    if key not in OVERVIEW_ORDERINGS:
        return "name", ["name"]
    prefix = "-" if (value or "").startswith("-") else ""
    return value, [prefix + OVERVIEW_ORDERINGS[key], "name"]


def as_of_context(request) -> dict:
    """The "as of" form, the date it gives, and the quick picks (31 July of each school year)."""
    form = AsOfForm(request.GET)
    first = CooperationAgreement.objects.first_start_date()
    on = form.as_of
    return {
        "as_of_form": form,
        "on": on,
        "is_today": on == form.today,
        "first_start": first,
        "quick_picks": quick_picks(first, form.today),
        "trend_columns": trend_days(first, on),
    }


@require_GET
@role_required()
def region_overview(request):
    """The 12 municipalities side by side on a date; every figure comes from aggregate queries."""
    context = as_of_context(request)
    ordering, order_by = overview_ordering(request.GET.get("ordering"))
    municipalities = overview(Municipality.objects.served(), context["on"]).order_by(*order_by)
    user = request.user
    readable = None if user.sees_all_municipalities else user.coordinated_municipality_ids
    context.update(
        municipalities=municipalities,
        ordering=ordering,
        readable=readable,
        trend=trend_table(Municipality.objects.served(), context["trend_columns"]),
        group_map=progress_map(municipalities, on=context["on"], user=user, is_today=context["is_today"]),
    )
    return render(request, "reporting/region_overview.html", context)


@require_GET
@role_required()
def municipality_detail(request, slug):
    """One municipality on a date: goal progress, agreements by programme and status, opportunities."""
    municipality = get_municipality(request, slug)
    context = as_of_context(request)
    on = context["on"]
    here = Municipality.objects.filter(pk=municipality.pk)
    agreements = CooperationAgreement.objects.filter(school__municipality=municipality)
    counting_on = CooperationAgreement.objects.counting(on)
    context.update(
        municipality=municipality,
        progress=overview(here, on).get(),
        by_programme=agreements.figures_by("programme__name", on=on),
        totals=agreements.figures(on=on),
        schools_without=School.objects.filter(municipality=municipality, active=True)
        .exclude(pk__in=counting_on.values("school"))
        .order_by("name"),
        hosts_without=Company.objects.approved_hosts()
        .filter(municipality=municipality)
        .exclude(pk__in=counting_on.values("company"))
        .order_by("name"),
        participations=ProgrammeParticipation.objects.filter(municipality=municipality)
        .select_related("programme")
        .order_by("from_year", "programme__name"),
        trend=trend_table(here, context["trend_columns"]),
        statuses=CooperationAgreement.Status,
        municipality_map=work_municipality_map(municipality, on=on, user=request.user),
        **municipality_work_context(municipality),
    )
    return render(request, "reporting/municipality_detail.html", context)


# The open-data columns, in order; the JSON records use the same keys.
OPEN_DATA_FIELDS = ["name", "code", "agreements", "goal", "goal_met", "status", "programmes", "date"]


def public_records() -> list[dict]:
    """One record per municipality, today: aggregate figures only, never names of people."""
    today = timezone.localdate()
    return [
        {
            "name": m.name,
            "code": m.code,
            "agreements": m.counting,
            "goal": m.agreement_goal,
            "goal_met": m.goal_met,
            "status": m.goal_status,
            "programmes": [p.programme.name for p in m.participations.all()],
            "date": today.isoformat(),
        }
        for m in overview(Municipality.objects.served(), today)
    ]


@login_not_required
@require_GET
def public_progress(request):
    today = timezone.localdate()
    municipalities = overview(Municipality.objects.served(), today)
    return render(
        request,
        "reporting/public_progress.html",
        {
            "municipalities": municipalities,
            "on": today,
            "goal_met_count": sum(1 for m in municipalities if m.goal_met),
            "group_map": progress_map(municipalities, on=today, user=request.user),
        },
    )


@login_not_required
@require_GET
def public_progress_csv(request):
    """The public figures as open data: comma-separated UTF-8 with a header line."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="braa-progress.csv"'
    writer = csv_writer(response, delimiter=",")
    writer.writerow(OPEN_DATA_FIELDS)
    for record in public_records():
        record = {
            **record,
            "goal_met": "true" if record["goal_met"] else "false",
            "programmes": "; ".join(record["programmes"]),
        }
        writer.writerow([csv_cell(record[field]) for field in OPEN_DATA_FIELDS])
    return response


@login_not_required
@require_GET
def public_progress_json(request):
    response = JsonResponse(public_records(), safe=False, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = 'inline; filename="braa-progress.json"'
    return response


def annual_report_for(request, year: int | None = None) -> tuple[AnnualReport, AnnualReportForm]:
    years = report_years(CooperationAgreement.objects.first_start_date())
    data = {"year": str(year)} if year is not None else request.GET
    form = AnnualReportForm(data, years=years)
    if year is not None and not form.is_valid():
        raise Http404(_("There is no report for that school year."))
    municipalities = Municipality.objects.visible_to(request.user)
    return AnnualReport(form.school_year, municipalities), form


@require_GET
@role_required()
def annual_report(request):
    """A school year's figures for the user's municipalities, with the workbook and CSV downloads."""
    report, form = annual_report_for(request)
    return render(
        request,
        "reporting/annual_report.html",
        {"form": form, "report": report, "sheets": report.sheets(), "csv_sheets": CSV_SHEET_LABELS},
    )


CSV_SHEET_LABELS = {
    "municipalities": gettext_lazy("Municipalities"),
    "programmes": gettext_lazy("Programmes"),
    "school-kinds": gettext_lazy("School kinds"),
    "hop-in": "HOP-IN",
    "jet-net": "Jet-Net",
    "fremtidens-skole": "Fremtidens skole",
}


@require_GET
@role_required()
def annual_report_xlsx(request, year):
    report, _form = annual_report_for(request, year)
    return xlsx_response(f"braa-report-{report.school_year.start_year}.xlsx", report.sheets())


@require_GET
@role_required()
def annual_report_csv(request, year, sheet):
    if sheet not in SHEETS:
        raise Http404(_("There is no such sheet."))
    report, _form = annual_report_for(request, year)
    _title, headers, rows = SHEETS[sheet](report)
    return csv_response(f"braa-report-{report.school_year.start_year}-{sheet}.csv", headers, rows)
