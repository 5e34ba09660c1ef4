"""Which group of municipalities a page is about: `?group=<slug>`, else the signed-in user's own group,
else the default group.

Pages per group (overview, progress, open data, annual report, sign-up) take the group from here; the
portal's and the group's names reach every template through `portal_context`.
"""

from django.conf import settings
from django.http import Http404
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode

from .models import Municipality, MunicipalityGroup


def current_group(request) -> MunicipalityGroup | None:
    """The group asked for by `?group=`, else the user's own (`own_group`), else the default one (None while
    no group is set up)."""
    if hasattr(request, "_portal_group"):
        return request._portal_group
    slug = request.GET.get("group", "") if hasattr(request, "GET") else ""
    if slug:
        group = MunicipalityGroup.objects.filter(slug=slug[:100]).first()
        if group is None:
            raise Http404
    else:
        group = own_group(getattr(request, "user", None)) or MunicipalityGroup.objects.default()
    request._portal_group = group
    return group


def own_group(user) -> MunicipalityGroup | None:
    """The group a signed-in user's pages and emails are in first: the first one a regional viewer follows,
    else the first holding a municipality the user coordinates or their company's (None for administrators
    and everyone else)."""
    if user is None or not user.is_authenticated or user.is_staff:
        return None
    groups = MunicipalityGroup.objects.order_by("-is_default", "name")
    if user.is_regional_viewer:
        return groups.filter(viewers=user).first()
    if user.coordinated_municipality_ids:
        return groups.filter(municipalities__in=user.coordinated_municipality_ids).first()
    if user.is_company_user:
        return groups.filter(municipalities__companies=user.company_id).first()
    return None


def group_municipalities(request):
    """The municipalities of the page's group (all served ones while no group is set up)."""
    return Municipality.objects.in_group(current_group(request))


def group_of(municipality: Municipality | None) -> MunicipalityGroup | None:
    """The group a municipality belongs to (the default one first), for its emails and notices."""
    groups = MunicipalityGroup.objects.all()
    if municipality is not None:
        found = groups.filter(municipalities=municipality).order_by("-is_default", "name").first()
        if found is not None:
            return found
    return groups.default()


def portal_context(request) -> dict:
    """`portal_name` (a setting, no query) and `portal_group`, looked up only if a template uses it."""
    slug = request.GET.get("group", "")[:100] if hasattr(request, "GET") else ""
    return {
        "portal_name": settings.PORTAL_NAME,
        "portal_group": SimpleLazyObject(lambda: _group_or_404_free(request)),
        "portal_groups": SimpleLazyObject(lambda: list(MunicipalityGroup.objects.all())),
        "group_query": f"?{urlencode({'group': slug})}" if slug else "",
    }


def _group_or_404_free(request) -> MunicipalityGroup:
    """The page's group for its words; while no group is set up, one named after the portal."""
    try:
        group = current_group(request)
    except Http404:
        group = MunicipalityGroup.objects.default()
    if group is None:
        group = MunicipalityGroup(name=settings.PORTAL_NAME, organisation_name=settings.PORTAL_NAME)
        group.__dict__["municipality_count"] = Municipality.objects.count()
    return group
