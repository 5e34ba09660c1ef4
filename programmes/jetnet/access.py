from partnerships.access import get_visible

from .models import OutreachActivity


def get_outreach(request, pk: int, *, edit: bool = False) -> OutreachActivity:
    activities = OutreachActivity.objects.select_related("municipality")
    return get_visible(activities, request, edit=edit, pk=pk)
