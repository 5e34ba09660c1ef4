"""What a coordinator's workspace shows for one municipality."""

import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from brasite.lib.history import HISTORY_TYPES
from hosting.models import HostSignup
from partnerships.models import CooperationAgreement, Municipality, User

Status = CooperationAgreement.Status
# The workspace lists this many agreements of each kind and links to the whole list.
SHORT_LIST = 10


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
    ending_soon = agreements.filter(
        status=Status.ACTIVE, end_date__gte=today, end_date__lte=today + datetime.timedelta(days=60)
    ).order_by("end_date", "pk")
    all_agreements = reverse("partnerships:agreement_list")
    drafts = agreements.filter(status=Status.DRAFT).order_by("start_date", "pk")
    return {
        "progress": progress,
        "ending_soon": ending_soon[:SHORT_LIST],
        "ending_soon_count": ending_soon.count(),
        "drafts": drafts[:SHORT_LIST],
        "drafts_count": drafts.count(),
        "ending_url": f"{all_agreements}?{urlencode({'status': Status.ACTIVE, 'ordering': 'end_date'})}",
        "drafts_url": f"{all_agreements}?{urlencode({'status': Status.DRAFT, 'ordering': 'start_date'})}",
        "latest_changes": [
            {"record": record, "action": HISTORY_TYPES[record.history_type]} for record in history
        ],
        "can_edit": user.can_edit_in(municipality.pk),
        "waiting_signups": HostSignup.objects.waiting().filter(municipality=municipality).count(),
    }
