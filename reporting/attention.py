"""The workspace's "needs attention" list of a municipality: a fixed number of queries, whatever the data."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hosting.models import HostSignup
from partnerships.models import Company, CooperationAgreement, Municipality, School
from partnerships.schoolyears import SchoolYear
from programmes.models import HopInWeek

HOST_IDLE_DAYS = 90
EXAMPLES = 5


@dataclass
class AttentionItem:
    label: str
    count: int
    link: str = ""
    examples: list = field(default_factory=list)  # (name, url) pairs, at most EXAMPLES


def _item(label, queryset, link: str, name=str) -> AttentionItem:
    examples = list(queryset[: EXAMPLES + 1])
    count = len(examples) if len(examples) <= EXAMPLES else queryset.count()
    return AttentionItem(
        label, count, link, [(name(row), row.get_absolute_url()) for row in examples[:EXAMPLES]]
    )


def needs_attention(municipality: Municipality, today: datetime.date | None = None) -> list[AttentionItem]:
    """What waits for the coordinator: agreements past their end date still marked active, approved hosts
    without any agreement after 90 days, schools without a partner, unplaced HOP-IN classes, sign-ups."""
    today = today or timezone.localdate()
    counting = CooperationAgreement.objects.counting(today)
    idle_since = timezone.now() - datetime.timedelta(days=HOST_IDLE_DAYS)
    items = [
        _item(
            _("Agreements past their end date, still active"),
            CooperationAgreement.objects.filter(
                school__municipality=municipality,
                status=CooperationAgreement.Status.ACTIVE,
                end_date__lt=today,
            ).order_by("end_date", "pk"),
            reverse("partnerships:agreement_list") + "?status=active&ordering=end_date",
        ),
        _item(
            _("Approved hosts without an agreement after 90 days"),
            Company.objects.approved_hosts()
            .filter(municipality=municipality, created_at__lt=idle_since)
            .exclude(Exists(CooperationAgreement.objects.filter(company=OuterRef("pk"))))
            .order_by("name"),
            reverse("partnerships:company_list") + "?host_status=approved",
        ),
        _item(
            _("Schools without any partner"),
            School.objects.filter(municipality=municipality, active=True)
            .exclude(Exists(counting.filter(school=OuterRef("pk"))))
            .order_by("name"),
            reverse("partnerships:school_list"),
        ),
    ]
    week = (
        HopInWeek.objects.filter(
            municipality=municipality, school_year=SchoolYear.containing(today).start_year
        )
        .with_coverage()
        .first()
    )
    if week is not None:
        items.append(
            AttentionItem(
                _("Unplaced HOP-IN classes"),
                week.classes_total - week.classes_placed,
                week.get_absolute_url(),
            )
        )
    items.append(
        AttentionItem(
            _("Host sign-ups waiting for approval"),
            HostSignup.objects.waiting().filter(municipality=municipality).count(),
            reverse("hosting:host_signup_queue"),
        )
    )
    return [item for item in items if item.count]
