"""Who may see and change what: role checks and one lookup helper per model.

Objects outside the user's municipalities do not exist for them (404); a role that may read but not
change gets 403 (PermissionDenied).
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from ..models import Company, ContactPerson, CooperationAgreement, Municipality, School


def role_required(*, edit: bool = False, company: bool = False):
    """Allow administrators, coordinators and regional viewers (and company users if `company`).

    With `edit`, regional viewers are refused: they read everything and change nothing.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            allowed = user.is_staff or user.is_coordinator or (user.is_regional_viewer and not edit)
            if company and user.is_company_user:
                allowed = True
            if not allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def get_municipality(request, slug: str) -> Municipality:
    return get_object_or_404(Municipality.objects.visible_to(request.user), slug=slug)


def get_agreement(request, pk: int, *, edit: bool = False) -> CooperationAgreement:
    agreements = CooperationAgreement.objects.visible_to(request.user).select_related(
        "school__municipality", "company__municipality", "programme", "created_by", "updated_by"
    )
    agreement = get_object_or_404(agreements, pk=pk)
    if edit and not agreement.is_editable_by(request.user):
        raise PermissionDenied
    return agreement


def get_school(request, pk: int, *, edit: bool = False) -> School:
    school = get_object_or_404(School.objects.visible_to(request.user).select_related("municipality"), pk=pk)
    if edit and not school.is_editable_by(request.user):
        raise PermissionDenied
    return school


def get_company(request, pk: int, *, edit: bool = False) -> Company:
    company = get_object_or_404(
        Company.objects.visible_to(request.user).select_related("municipality"), pk=pk
    )
    if edit and not company.is_editable_by(request.user):
        raise PermissionDenied
    return company


def get_contact(request, pk: int, *, edit: bool = False) -> ContactPerson:
    """A contact person of a school or company the user may see."""
    user = request.user
    contacts = ContactPerson.objects.select_related("school", "company")
    contact = get_object_or_404(
        contacts.filter(school__in=School.objects.visible_to(user))
        | contacts.filter(company__in=Company.objects.visible_to(user)),
        pk=pk,
    )
    if edit and not contact.organisation.is_editable_by(user):
        raise PermissionDenied
    return contact
