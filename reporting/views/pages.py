from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from partnerships.access import get_municipality, role_required
from partnerships.groups import group_municipalities
from partnerships.models import Municipality, Programme

from ..attention import needs_attention
from ..figures_cache import cached
from ..freezing import ensure_frozen
from ..workspace import workspace_overview
from .progress import file_prefix


@login_not_required
@require_GET
def home(request):
    """The public start page: what the portal is, the group's municipalities and the programmes."""
    return render(
        request,
        "reporting/home.html",
        {
            "municipalities": cached(
                ensure_frozen(),
                f"home:{file_prefix(request)}",
                lambda: group_municipalities(request).goal_progress(),
            ),
            "programmes": Programme.objects.all(),
        },
    )


@require_GET
def dashboard(request):
    """Where a user lands after logging in: coordinators their workspace, regional viewers (who only read)
    the overview of the whole group, companies their own page; others a page saying whom to ask."""
    user = request.user
    if user.may_edit:
        return redirect("reporting:workspace")
    if user.is_regional_viewer:
        return redirect("reporting:region_overview")
    if user.is_company_user:
        return redirect("hosting:my_company")
    return render(request, "reporting/no_role.html", status=403)


@require_GET
@role_required()
def workspace(request):
    """Coordinators with one municipality go straight to it; others choose."""
    municipalities = Municipality.objects.visible_to(request.user).goal_progress()
    if len(municipalities) == 1:
        return redirect("reporting:workspace_municipality", slug=municipalities[0].slug)
    return render(request, "reporting/workspace_choose.html", {"municipalities": municipalities})


@require_GET
@role_required()
def workspace_municipality(request, slug):
    municipality = get_municipality(request, slug)
    context = workspace_overview(municipality, user=request.user)
    context["other_municipalities"] = Municipality.objects.visible_to(request.user).count() > 1
    context["needs_attention"] = needs_attention(municipality)
    return render(request, "reporting/workspace.html", {"municipality": municipality, **context})
