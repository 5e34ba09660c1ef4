"""Progress toward three agreements per municipality: region overview, municipality page, public
progress page with open data (the annual report is annual_report.py)."""

import datetime

from django.contrib.auth.decorators import login_not_required
from django.db.models import Exists, OuterRef
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from brasite.lib.exports import csv_cell, csv_writer
from partnerships.access import get_municipality, role_required
from partnerships.groups import current_group, group_municipalities
from partnerships.models import Company, CooperationAgreement, Municipality, ProgrammeParticipation, School
from partnerships.schoolyears import SchoolYear
from programmes.figures import municipality_work_context

from ..charts import trend_chart
from ..figures_cache import cached
from ..freezing import ensure_frozen
from ..map_data import progress_map, work_municipality_map
from ..models import FrozenFigure
from ..progress import (
    AsOfForm,
    overview,
    quick_picks,
    trend_days,
    trend_names,
    trend_rows,
    trend_table,
)

# Sort keys of the region overview -> the attribute sorted by (the name breaks ties; at most 98 rows).
OVERVIEW_ORDERINGS = {
    "name": "name",
    "code": "code",
    "counting": "counting",
    "status": "goal_rank",
    "drafts": "drafts",
    "schools": "schools_with_agreement",
    "hosts": "hosts_with_agreement",
}


def overview_ordering(value: str | None) -> str:
    """The accepted `ordering` parameter; unknown values sort by name."""
    key = (value or "").removeprefix("-")
    return value if key in OVERVIEW_ORDERINGS else "name"


def sorted_overview(municipalities, ordering: str) -> list:
    """The municipalities (in name order, as `with_goal_progress` gives them) in the order asked for
    (`overview_ordering`); a stable sort, so ties stay in name order."""
    attribute = OVERVIEW_ORDERINGS[ordering.removeprefix("-")]
    return sorted(municipalities, key=lambda m: getattr(m, attribute), reverse=ordering.startswith("-"))


def as_of_context(request) -> dict:
    """The "as of" form, the date it gives, the quick picks (31 July of each school year), and the
    figures' version (ended school years are frozen first, on the first view after 31 July)."""
    version = ensure_frozen()
    form = AsOfForm(request.GET)
    first = cached(version, "first-start", lambda: CooperationAgreement.objects.first_start_date() or False)
    first = first or None
    on = form.as_of
    return {
        "version": version,
        "as_of_form": form,
        "on": on,
        "is_today": on == form.today,
        "first_start": first,
        "quick_picks": quick_picks(first, form.today),
        "trend_columns": trend_days(first, on),
    }


def trend_context(context: dict, municipalities, key: str, title: str) -> dict:
    """The trend table (frozen figures for ended school years) and its chart, cached (or the table given
    in the context, made with more figures)."""
    days = context["trend_columns"]
    if "trend" in context:
        trend = context["trend"]
    else:
        trend = cached(
            context["version"],
            f"trend:{key}:{context['on'].isoformat()}",
            lambda: trend_table(municipalities, days),
        )
    return {
        "trend": trend,
        "trend_corrected": any(row["corrected"] for row in trend),
        "trend_chart": trend_chart(trend_rows(trend, days), title=title) if context["first_start"] else None,
    }


@require_GET
@role_required()
def region_overview(request):
    """The group's municipalities side by side on a date; every figure comes from aggregate queries."""
    context = as_of_context(request)
    ordering = overview_ordering(request.GET.get("ordering"))
    on = context["on"]
    figures = cached(
        context["version"],
        f"overview:{file_prefix(request)}:{on.isoformat()}",
        lambda: overview_with_trend(group_municipalities(request), on, context["trend_columns"]),
    )
    context["trend"] = figures["trend"]
    municipalities = sorted_overview(figures["municipalities"], ordering)
    user = request.user
    readable = None if user.sees_all_municipalities else user.visible_municipality_ids
    context.update(
        municipalities=municipalities,
        ordering=ordering,
        readable=readable,
        **trend_context(
            context,
            group_municipalities(request),
            f"region:{file_prefix(request)}",
            _("Agreements counted in the region per school year"),
        ),
        group_map=progress_map(municipalities, on=on, user=user, is_today=context["is_today"]),
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
    figures = cached(
        context["version"],
        f"municipality:{municipality.pk}:{on.isoformat()}",
        lambda: municipality_figures(municipality, on, context["trend_columns"]),
    )
    context.update(figures, municipality=municipality)
    context.update(
        **trend_context(
            context,
            here,
            f"municipality-{municipality.pk}",
            _("Agreements counted in %(name)s per school year") % {"name": municipality.name},
        ),
        statuses=CooperationAgreement.Status,
        municipality_map=work_municipality_map(municipality, on=on, user=request.user),
        **municipality_work_context(municipality),
    )
    return render(request, "reporting/municipality_detail.html", context)


def file_prefix(request) -> str:
    """Downloads are named after the page's group (its slug)."""
    group = current_group(request)
    return group.slug if group is not None else "partnerships"


# The municipality page lists this many schools and hosts without an agreement (the counts are complete).
OPPORTUNITIES_LISTED = 25


def municipality_figures(municipality, on, days) -> dict:
    """The municipality page's figures on a date and its trend table over `days` (from the same grouped
    pass over the agreements), as plain data that can be cached."""
    here = Municipality.objects.filter(pk=municipality.pk)
    agreements = CooperationAgreement.objects.filter(school__municipality=municipality)
    counting_on = CooperationAgreement.objects.counting(on)
    by_programme, totals = agreements.figures_by_with_total("programme__name", on=on)
    found = overview_with_trend(here, on, days)
    return {
        "progress": found["municipalities"][0],
        "trend": found["trend"],
        "by_programme": by_programme,
        "totals": totals,
        "schools_without": list(
            School.objects.filter(municipality=municipality, active=True)
            .exclude(Exists(counting_on.filter(school=OuterRef("pk"))))
            .order_by("name")[:OPPORTUNITIES_LISTED]
        ),
        "hosts_without": list(
            Company.objects.approved_hosts()
            .filter(municipality=municipality)
            .exclude(Exists(counting_on.filter(company=OuterRef("pk"))))
            .order_by("name")[:OPPORTUNITIES_LISTED]
        ),
        "participations": list(
            ProgrammeParticipation.objects.filter(municipality=municipality)
            .select_related("programme")
            .order_by("from_year", "programme__name")
        ),
    }


# The open-data columns, in order; the JSON records use the same keys.
OPEN_DATA_FIELDS = ["name", "code", "agreements", "goal", "goal_met", "status", "programmes", "date"]
# The trend's columns: one record per municipality and ended school year, as frozen (reported) when the
# year closed, with the figure now where later corrections changed it.
TREND_FIELDS = [
    "name",
    "code",
    "school_year",
    "agreements",
    "agreements_now",
    "goal",
    "goal_met",
    "frozen_at",
]


def public_records(municipalities, on) -> list[dict]:
    """One record per municipality on the date: aggregate figures only, never names of people."""
    return [
        {
            "name": m.name,
            "code": m.code,
            "agreements": m.counting,
            "goal": m.agreement_goal,
            "goal_met": m.goal_met,
            "status": m.goal_status,
            "programmes": [p.programme.name for p in m.participations.all()],
            "date": on.isoformat(),
        }
        for m in municipalities
    ]


def frozen_figures(municipalities) -> list:
    return list(
        FrozenFigure.objects.filter(municipality__in=municipalities)
        .defer("agreement_ids")  # thousands of ids per row, read only for the corrections
        .select_related("municipality")
        .order_by("school_year", "municipality__name")
    )


def year_ends(figures) -> dict[str, datetime.date]:
    """31 July of each school year of the frozen figures, by a name for `counts_on`."""
    return {f"y{year}": SchoolYear(year).last_day for year in sorted({f.school_year for f in figures})}


def trend_records(municipalities, figures=None, live: dict | None = None) -> list[dict]:
    """The frozen figures of every ended school year for these municipalities, with the figure now (one
    query for the frozen figures, one for the live counts on each 31 July; none when both are given)."""
    figures = frozen_figures(municipalities) if figures is None else figures
    days = year_ends(figures)
    if live is None:
        live = municipalities.counts_on(days) if days else {}
    now = {(pk, int(name[1:])): counts[name] for pk, counts in live.items() for name in days}
    return [
        {
            "name": f.municipality.name,
            "code": f.municipality.code,
            "school_year": SchoolYear(f.school_year).label,
            "agreements": f.counting_at_end,
            "agreements_now": now.get((f.municipality_id, f.school_year), f.counting_at_end),
            "goal": f.goal,
            "goal_met": f.goal_met,
            "frozen_at": f.frozen_at.isoformat(),
        }
        for f in figures
    ]


def overview_with_trend(municipalities, on: datetime.date, days, extra_days=None) -> dict:
    """The overview on the date and the trend table over `days` from one grouped pass over the agreements
    (with counts on `extra_days` too, by name), for the region overview and the public page."""
    named_days = {**trend_names(days), **(extra_days or {})}
    listed = overview(municipalities, on, **named_days)
    live = {m.pk: {name: getattr(m, name) for name in named_days} for m in listed}
    return {"municipalities": listed, "trend": trend_table(municipalities, days, live=live), "live": live}


def public_figures(municipalities, on: datetime.date, days: list[tuple[str, datetime.date]]) -> dict:
    """The public page's figures from one grouped pass over the agreements: the overview on the date, the
    trend table over `days` and the frozen figures with the figure now."""
    figures = frozen_figures(municipalities)
    found = overview_with_trend(municipalities, on, days, year_ends(figures))
    return {
        "municipalities": found["municipalities"],
        "trend": found["trend"],
        "trend_records": trend_records(municipalities, figures, live=found["live"]),
    }


def public_context(request) -> dict:
    """The date asked for (`?on=`), its records and the trend, cached by the figures' version."""
    context = as_of_context(request)
    on = context["on"]
    context.update(
        cached(
            context["version"],
            f"public:{file_prefix(request)}:{on.isoformat()}",
            lambda: public_figures(group_municipalities(request), on, context["trend_columns"]),
        )
    )
    context["records"] = public_records(context["municipalities"], on)
    return context


@login_not_required
@require_GET
def public_progress(request):
    context = public_context(request)
    context.update(
        goal_met_count=sum(1 for record in context["records"] if record["goal_met"]),
        **trend_context(
            context,
            group_municipalities(request),
            f"region:{file_prefix(request)}",
            _("Agreements counted in the region per school year"),
        ),
        group_map=progress_map(
            context["municipalities"], on=context["on"], user=request.user, is_today=context["is_today"]
        ),
    )
    return render(request, "reporting/public_progress.html", context)


def open_data_csv(filename: str, fields: list[str], records: list[dict]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    writer = csv_writer(response, delimiter=",")
    writer.writerow(fields)
    for record in records:
        record = {
            **record,
            "goal_met": "true" if record["goal_met"] else "false",
            "programmes": "; ".join(record.get("programmes", [])),
        }
        writer.writerow([csv_cell(record[field]) for field in fields])
    return response


def open_data_json(filename: str, records: list[dict]) -> JsonResponse:
    response = JsonResponse(records, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_not_required
@require_GET
def public_progress_csv(request):
    """The public figures on the date (`?on=`, default today) as open data: comma-separated UTF-8."""
    return open_data_csv(
        f"{file_prefix(request)}-progress.csv", OPEN_DATA_FIELDS, public_context(request)["records"]
    )


@login_not_required
@require_GET
def public_progress_json(request):
    return open_data_json(f"{file_prefix(request)}-progress.json", public_context(request)["records"])


@login_not_required
@require_GET
def public_trend_csv(request):
    """The frozen figures of each ended school year per municipality, as open data."""
    return open_data_csv(
        f"{file_prefix(request)}-trend.csv", TREND_FIELDS, public_context(request)["trend_records"]
    )


@login_not_required
@require_GET
def public_trend_json(request):
    return open_data_json(f"{file_prefix(request)}-trend.json", public_context(request)["trend_records"])
