from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render

from .figures import programme_work_context
from .models import Programme


@login_not_required
def programme_detail(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    participations = programme.participations.select_related("municipality").order_by("municipality__name")
    return render(
        request,
        "programmes/programme_detail.html",
        {"programme": programme, "participations": participations, **programme_work_context(programme)},
    )
