"""Who may see and change what: role checks and one lookup helper per model.

Objects outside the user's municipalities do not exist for them (404); a role that may read but not
change gets 403 (PermissionDenied). Every app's lookup helpers are built on `get_visible`.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404

from .models import Company, ContactPerson, CooperationAgreement, Municipality, School


def role_required(*, edit: bool = False, company: bool = False):
    """Allow administrators, coordinators and regional viewers (and company users if `company`).

    With `edit`, regional viewers are refused: they read their groups' municipalities and change nothing.
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


def pickable_schools(user):
    """The schools a user may choose for an agreement: those of the municipalities they may change."""
    return School.objects.filter(municipality__in=user.editable_municipalities()).select_related(
        "municipality"
    )


def pickable_companies(user, *, keep: int | None = None):
    """The companies a user may choose for an agreement: approved hosts of any municipality, those present in
    the user's own first (and `keep`, an agreement's current company, even when it is no longer approved)."""
    present = Company.objects.in_municipalities(user.editable_municipalities()).values("pk")
    local = Case(
        When(pk__in=present, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        Company.objects.filter(Q(host_status=Company.HostStatus.APPROVED) | Q(pk=keep))
        .select_related("municipality")
        .annotate(local=local)
        .order_by("local", "name", "pk")
    )


def pickable_contacts(user, *, keep_company: int | None = None):
    """The contact persons a user may add to an agreement: of the schools and companies they may choose."""
    return ContactPerson.objects.filter(
        Q(school__municipality__in=user.editable_municipalities())
        | Q(company__host_status=Company.HostStatus.APPROVED)
        | Q(company=keep_company, company__isnull=False)
    ).select_related("school", "company")
