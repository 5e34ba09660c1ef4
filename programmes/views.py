"""The public programme pages, and the index of every municipality's programme work."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from partnerships.access import role_required
from partnerships.models import Municipality, Programme, ProgrammeParticipation

from .figures import FREMTIDENS, JETNET, programme_work_context
from .hopin.figures import latest_hopin_weeks


@login_not_required
@require_GET
def programme_detail(request, slug):
    """What the programme is, who runs and funds it, and where it counts toward the goal today."""
    programme = get_object_or_404(Programme, slug=slug)
    today = timezone.localdate()
    municipalities = list(Municipality.objects.in_programme(programme, today))
    rows = [
        {
            "municipality": m,
            "status": ProgrammeParticipation.Status(m.participation_status).label
            if m.participation_status
            else None,
        }
        for m in municipalities
    ]
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "rows": rows,
            "total_counting": sum(m.programme_counting for m in municipalities),
            "on": today,
            **programme_work_context(programme),
        },
    )


@require_GET
@role_required()
def work_index(request):
    """Every municipality the user may see, with its programmes' work pages."""
    municipalities = list(
        Municipality.objects.visible_to(request.user).prefetch_related("participations__programme")
    )
    weeks = {week.municipality_id: week for week in latest_hopin_weeks(municipalities)}
    for municipality in municipalities:
        slugs = {p.programme.work_kind for p in municipality.participations.all()}
        municipality.in_jetnet = JETNET in slugs
        municipality.in_fremtidens = FREMTIDENS in slugs
        municipality.hopin_week = weeks.get(municipality.pk)
    return render(request, "programmes/work_index.html", {"municipalities": municipalities})
