"""One lookup helper per model of the programmes' work, as in `partnerships.views.access`.

Rows outside the user's municipalities do not exist for them (404); with `edit`, a role that may only
read gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from partnerships.models import Municipality
from partnerships.views.access import get_municipality

from .hopin_models import HopInHost, HopInWeek, Placement, SchoolClass, TutorOffer
from .network_models import NetworkMember, OutreachActivity, ResourcePerson, TeacherTraining


def _checked(obj, request, edit: bool):
    if edit and not obj.is_editable_by(request.user):
        raise PermissionDenied
    return obj


def get_week(request, pk: int, *, edit: bool = False) -> HopInWeek:
    weeks = HopInWeek.objects.visible_to(request.user).select_related("municipality")
    return _checked(get_object_or_404(weeks, pk=pk), request, edit)


def get_school_class(request, pk: int, *, edit: bool = False) -> SchoolClass:
    classes = SchoolClass.objects.visible_to(request.user).select_related("school__municipality")
    return _checked(get_object_or_404(classes, pk=pk), request, edit)


def get_host(request, pk: int, *, edit: bool = False, week_pk: int | None = None) -> HopInHost:
    """A host of a week the user may see (of week `week_pk` if given); company users see only their own."""
    hosts = HopInHost.objects.visible_to(request.user).select_related("company", "week__municipality")
    if week_pk is not None:
        hosts = hosts.filter(week=week_pk)
    return _checked(get_object_or_404(hosts, pk=pk), request, edit)


def get_tutor_offer(request, pk: int, *, edit: bool = False) -> TutorOffer:
    offers = TutorOffer.objects.filter(week__in=HopInWeek.objects.visible_to(request.user))
    return _checked(get_object_or_404(offers.select_related("week", "school"), pk=pk), request, edit)


def get_placement(request, pk: int, *, edit: bool = False) -> Placement:
    placements = Placement.objects.visible_to(request.user).select_related("host__week", "school_class")
    return _checked(get_object_or_404(placements, pk=pk), request, edit)


def get_outreach(request, pk: int, *, edit: bool = False) -> OutreachActivity:
    activities = OutreachActivity.objects.visible_to(request.user).select_related("municipality")
    return _checked(get_object_or_404(activities, pk=pk), request, edit)


def get_training(request, pk: int, *, edit: bool = False) -> TeacherTraining:
    trainings = TeacherTraining.objects.visible_to(request.user).select_related("school__municipality")
    return _checked(get_object_or_404(trainings, pk=pk), request, edit)


def get_resource_person(request, pk: int, *, edit: bool = False) -> ResourcePerson:
    persons = ResourcePerson.objects.visible_to(request.user).select_related("municipality")
    return _checked(get_object_or_404(persons, pk=pk), request, edit)


def get_network_member(request, pk: int, *, edit: bool = False) -> NetworkMember:
    members = NetworkMember.objects.visible_to(request.user).select_related("municipality", "company")
    return _checked(get_object_or_404(members, pk=pk), request, edit)


def get_municipality_for(request, slug: str, *, edit: bool = False) -> Municipality:
    """A municipality the user may read (404 otherwise); with `edit`, one the user may change (403)."""
    municipality = get_municipality(request, slug)
    if edit and not request.user.can_edit_in(municipality.pk):
        raise PermissionDenied
    return municipality
