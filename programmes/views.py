from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from partnerships.models import Municipality

from .models import Programme, ProgrammeParticipation


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
        },
    )
