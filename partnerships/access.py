"""Who may see and change what: role checks and one lookup helper per model.

Objects outside the user's municipalities do not exist for them (404); a role that may read but not
change gets 403 (PermissionDenied). Every app's lookup helpers are built on `get_visible`.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Company, ContactPerson, CooperationAgreement, Municipality, School


def role_required(*, edit: bool = False, company: bool = False):
    """Allow administrators, coordinators and regional viewers (and company users if `company`).

    With `edit`, regional viewers are refused: they read everything and change nothing.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            allowed = user.may_edit or (user.is_regional_viewer and not edit)
            if company and user.is_company_user:
                allowed = True
            if not allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def get_visible(queryset, request, *, edit: bool = False, **lookup):
    """The row of `queryset` (a `VisibleQuerySet`) matching `lookup` that the user may see, else 404;
    with `edit`, one the user may also change (`is_editable_by`), else 403."""
    obj = get_object_or_404(queryset.visible_to(request.user), **lookup)
    if edit and not obj.is_editable_by(request.user):
        raise PermissionDenied
    return obj


def get_municipality(request, slug: str, *, edit: bool = False) -> Municipality:
    return get_visible(Municipality.objects.all(), request, edit=edit, slug=slug)


def get_agreement(request, pk: int, *, edit: bool = False) -> CooperationAgreement:
    agreements = CooperationAgreement.objects.select_related(
        "school__municipality", "company__municipality", "programme", "created_by", "updated_by"
    )
    return get_visible(agreements, request, edit=edit, pk=pk)


def get_school(request, pk: int, *, edit: bool = False) -> School:
    return get_visible(School.objects.select_related("municipality"), request, edit=edit, pk=pk)


def get_company(request, pk: int, *, edit: bool = False) -> Company:
    return get_visible(Company.objects.select_related("municipality"), request, edit=edit, pk=pk)


def get_contact(request, pk: int, *, edit: bool = False) -> ContactPerson:
    """A contact person of a school or company the user may see."""
    return get_visible(ContactPerson.objects.select_related("school", "company"), request, edit=edit, pk=pk)
