"""Printable HOP-IN plans per school and per host, and the week's CSV and xlsx."""

from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.views.decorators.http import require_GET

from brasite.lib.exports import csv_response, xlsx_response
from partnerships.access import role_required
from partnerships.models import School

from .. import publication
from ..access import get_host, get_week
from ..models import HopInWeek
from .weeks import week_placements


@require_GET
@role_required()
def hopin_print_school(request, pk, school_pk):
    week = get_week(request, pk)
    school = get_object_or_404(School, pk=school_pk, municipality=week.municipality_id)
    placements = list(week_placements(week).filter(Q(school_class__school=school) | Q(tutor_school=school)))
    publication.plan_parts(week, placements)
    return render(
        request,
        "programmes/hopin_print_school.html",
        {
            "week": week,
            "school": school,
            "placements": placements,
            "coordinator": publication.coordinator_contact(week),
        },
    )


@require_GET
@role_required(company=True)
def hopin_print_host(request, pk, host_pk):
    host = get_host(request, host_pk, week_pk=pk)
    week = host.week
    placements = list(week_placements(week).filter(host=host))
    publication.plan_parts(week, placements)
    return render(
        request,
        "programmes/hopin_print_host.html",
        {
            "week": week,
            "host": host,
            "placements": placements,
            "contacts": host.company.contacts.all(),
            "coordinator": publication.coordinator_contact(week),
        },
    )


EXPORT_HEADERS = [
    "Skole",
    "Klasse",
    "Elever",
    "Vært",
    "CVR-nummer",
    "Postnummer",
    "Låst",
    "Tutorer fra",
    "Tutorer",
]


def export_rows(week: HopInWeek):
    with translation.override("da"):
        for p in week_placements(week):
            yield [
                p.school_class.school.name,
                p.school_class.name,
                p.school_class.pupils,
                p.host.company.name,
                p.host.company.cvr,
                p.host.company.postcode,
                "ja" if p.locked else "nej",
                p.tutor_school.name if p.tutor_school else "",
                p.tutors,
            ]


def export_filename(week: HopInWeek, extension: str) -> str:
    return f"hop-in-{week.municipality.slug}-{week.school_year}.{extension}"


@require_GET
@role_required()
def hopin_export_csv(request, pk):
    week = get_week(request, pk)
    return csv_response(export_filename(week, "csv"), EXPORT_HEADERS, export_rows(week))


@require_GET
@role_required()
def hopin_export_xlsx(request, pk):
    week = get_week(request, pk)
    unplaced = [
        [c.school.name, c.name, c.pupils]
        for c in week.classes().unplaced().select_related("school").order_by("school__name", "name")
    ]
    free = [
        [h.company.name, h.capacity, h.free]
        for h in week.hosts.with_load().select_related("company").order_by("company__name")
    ]
    return xlsx_response(
        export_filename(week, "xlsx"),
        [
            ("Placeringer", EXPORT_HEADERS, export_rows(week)),
            ("Ikke placeret", ["Skole", "Klasse", "Elever"], unplaced),
            ("Værter", ["Vært", "Kapacitet", "Ledige pladser"], free),
        ],
    )
