"""The public page of one municipality: its figures on a date, its trend, its programmes and a map of its
schools. Aggregates and the institution register's public data only: no people, no companies' names."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from partnerships.models import CooperationAgreement, Municipality, ProgrammeParticipation

from ..map_data import public_municipality_map, schools_on_map
from ..progress import overview, trend_table
from .progress import as_of_context


@login_not_required
@require_GET
def public_municipality(request, slug):
    municipality = get_object_or_404(Municipality.objects.served(), slug=slug)
    context = as_of_context(request)
    on = context["on"]
    here = Municipality.objects.filter(pk=municipality.pk)
    schools = list(schools_on_map(municipality, on).only("pk", "name", "kind", "latitude", "longitude"))
    agreements = CooperationAgreement.objects.filter(school__municipality=municipality)
    context.update(
        municipality=municipality,
        progress=overview(here, on)[0],
        by_programme=agreements.figures_by("programme__name", on=on),
        participations=ProgrammeParticipation.objects.filter(municipality=municipality)
        .select_related("programme")
        .order_by("from_year", "programme__name"),
        trend=trend_table(here, context["trend_columns"]),
        schools=schools,
        municipality_map=public_municipality_map(municipality, schools),
    )
    return render(request, "reporting/public_municipality.html", context)
