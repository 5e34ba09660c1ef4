"""One lookup helper per model of the HOP-IN planner (see `partnerships.access`)."""

from partnerships.access import get_visible

from .models import HopInHost, HopInWeek, Placement, SchoolClass, TutorOffer


def get_week(request, pk: int, *, edit: bool = False) -> HopInWeek:
    return get_visible(HopInWeek.objects.select_related("municipality"), request, edit=edit, pk=pk)


def get_school_class(request, pk: int, *, edit: bool = False) -> SchoolClass:
    classes = SchoolClass.objects.select_related("school__municipality")
    return get_visible(classes, request, edit=edit, pk=pk)


def get_host(request, pk: int, *, edit: bool = False, week_pk: int | None = None) -> HopInHost:
    """A host of a week the user may see (of week `week_pk` if given); company users see only their own."""
    hosts = HopInHost.objects.select_related("company", "week__municipality")
    if week_pk is not None:
        hosts = hosts.filter(week=week_pk)
    return get_visible(hosts, request, edit=edit, pk=pk)


def get_tutor_offer(request, pk: int, *, edit: bool = False) -> TutorOffer:
    offers = TutorOffer.objects.select_related("week", "school")
    return get_visible(offers, request, edit=edit, pk=pk)


def get_placement(request, pk: int, *, edit: bool = False) -> Placement:
    placements = Placement.objects.select_related("host__week", "school_class")
    return get_visible(placements, request, edit=edit, pk=pk)
