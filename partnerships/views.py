from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from programmes.models import Programme

from .models import Municipality


@login_not_required
def home(request):
    """The public start page: what the portal is, the 12 municipalities and the programmes."""
    return render(
        request,
        "partnerships/home.html",
        {
            "municipalities": Municipality.objects.with_goal_progress(),
            "programmes": Programme.objects.all(),
        },
    )
