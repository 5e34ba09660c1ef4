from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render

from programmes.models import Programme

from ..models import Municipality
from ..services import workspace_overview
from .access import get_municipality, role_required


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


def dashboard(request):
    """Where a user lands after logging in: their workspace, or a page saying whom to ask for a role."""
    user = request.user
    if user.is_coordinator or user.is_staff or user.is_regional_viewer:
        return redirect("partnerships:workspace")
    if user.is_company_user:
        return redirect("partnerships:my_company")
    return render(request, "partnerships/no_role.html", status=403)


@role_required()
def workspace(request):
    """Coordinators with one municipality go straight to it; others choose."""
    municipalities = Municipality.objects.visible_to(request.user).with_goal_progress()
    if len(municipalities) == 1:
        return redirect("partnerships:workspace_municipality", slug=municipalities[0].slug)
    return render(request, "partnerships/workspace_choose.html", {"municipalities": municipalities})


@role_required()
def workspace_municipality(request, slug):
    municipality = get_municipality(request, slug)
    context = workspace_overview(municipality, user=request.user)
    context["other_municipalities"] = Municipality.objects.visible_to(request.user).count() > 1
    return render(request, "partnerships/workspace.html", {"municipality": municipality, **context})
