"""What a coordinator's workspace shows for one municipality."""

import datetime

from django.utils import timezone

from brasite.lib.history import HISTORY_TYPES
from hosting.models import HostSignup
from partnerships.models import CooperationAgreement, Municipality, User

Status = CooperationAgreement.Status


def workspace_overview(municipality: Municipality, *, user: User) -> dict:
    """Everything the coordinator's home shows for one municipality."""
    today = timezone.localdate()
    progress = Municipality.objects.with_goal_progress(today).get(pk=municipality.pk)
    agreements = CooperationAgreement.objects.filter(school__municipality=municipality).select_related(
        "school", "company"
    )
    history = (
        CooperationAgreement.history.filter(school__municipality=municipality)
        .select_related("history_user")
        .order_by("-history_date")[:10]
    )
    return {
        "progress": progress,
        "ending_soon": agreements.filter(
            status=Status.ACTIVE, end_date__gte=today, end_date__lte=today + datetime.timedelta(days=60)
        ).order_by("end_date"),
        "drafts": agreements.filter(status=Status.DRAFT).order_by("start_date"),
        "latest_changes": [
            {"record": record, "action": HISTORY_TYPES[record.history_type]} for record in history
        ],
        "can_edit": user.can_edit_in(municipality.pk),
        "waiting_signups": HostSignup.objects.waiting().filter(municipality=municipality).count(),
    }
