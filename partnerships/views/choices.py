"""The search behind the agreement form's long choice lists (static/js/autocomplete.js)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from brasite.lib.digits import int_or_none

from ..access import pickable_companies, pickable_contacts, pickable_schools, role_required
from ..filters import filterable_companies, filterable_schools
from ..widgets import MATCHES


@require_GET
@role_required()
def agreement_choices(request, kind):
    """Up to 20 schools, companies or contact persons the user may choose, matching `q`, as JSON.

    Contact persons are those of the chosen `school` and `company`; `keep` is the agreement's company, which
    stays choosable on its edit form even when it is no longer an approved host. `filter-schools` and
    `filter-companies` are the agreement list's filters, for every role that sees the list.
    """
    query = request.GET.get("q", "").strip()[:100]
    keep = int_or_none(request.GET.get("keep"))
    if kind == "filter-schools":
        rows = filterable_schools(request.user).filter(Q(name__icontains=query) | Q(institution_number=query))
        return JsonResponse({"results": [{"id": s.pk, "label": s.name} for s in rows[:MATCHES]]})
    if kind == "filter-companies":
        rows = filterable_companies(request.user).filter(Q(name__icontains=query) | Q(cvr=query))
        return JsonResponse({"results": [{"id": c.pk, "label": c.name} for c in rows[:MATCHES]]})
    if not request.user.may_edit:
        raise PermissionDenied
    if kind == "schools":
        rows = pickable_schools(request.user).filter(Q(name__icontains=query) | Q(institution_number=query))
        results = [{"id": s.pk, "label": s.name} for s in rows[:MATCHES]]
    elif kind == "companies":
        rows = pickable_companies(request.user, keep=keep).filter(Q(name__icontains=query) | Q(cvr=query))
        results = [{"id": c.pk, "label": f"{c.name} ({c.municipality.name})"} for c in rows[:MATCHES]]
    elif kind == "contacts":
        school, company = int_or_none(request.GET.get("school")), int_or_none(request.GET.get("company"))
        rows = pickable_contacts(request.user, keep_company=keep).filter(
            Q(school=school, school__isnull=False) | Q(company=company, company__isnull=False),
            name__icontains=query,
        )
        results = [{"id": p.pk, "label": f"{p.name} ({p.organisation})"} for p in rows[: MATCHES * 5]]
    else:
        raise Http404
    return JsonResponse({"results": results})
