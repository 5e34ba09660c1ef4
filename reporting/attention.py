"""The workspace's "needs attention" list of a municipality: one query, whatever the data."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, IntegerField, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hosting.models import HostSignup
from partnerships.models import Company, CooperationAgreement, Municipality, School, count_of
from partnerships.schoolyears import SchoolYear
from programmes.models import HopInWeek, SchoolClass

HOST_IDLE_DAYS = 90


@dataclass
class AttentionItem:
    label: str
    count: int
    link: str


def attention_counts(municipalities, today: datetime.date):
    """Annotate the municipalities with the counts behind "needs attention" (one query for all of them)."""
    here = OuterRef("pk")
    year = SchoolYear.containing(today).start_year
    weeks = HopInWeek.objects.filter(municipality=OuterRef("school__municipality"), school_year=year)
    return municipalities.annotate(
        past_end=count_of(
            CooperationAgreement.objects.filter(
                school__municipality=here, status=CooperationAgreement.Status.ACTIVE, end_date__lt=today
            ),
            "school__municipality",
        ),
        idle_hosts=count_of(
            Company.objects.approved_hosts()
            .filter(
                municipality=here, created_at__lt=timezone.now() - datetime.timedelta(days=HOST_IDLE_DAYS)
            )
            .exclude(Exists(CooperationAgreement.objects.filter(company=OuterRef("pk")))),
            "municipality",
        ),
        schools_alone=count_of(
            School.objects.filter(municipality=here, active=True).exclude(
                Exists(CooperationAgreement.objects.counting(today).filter(school=OuterRef("pk")))
            ),
            "municipality",
        ),
        unplaced_classes=count_of(
            SchoolClass.objects.filter(
                school__municipality=here, school_year=year, placement__isnull=True
            ).filter(Exists(weeks.filter(grade=OuterRef("grade")))),
            "school__municipality",
        ),
        hopin_week=Subquery(
            HopInWeek.objects.filter(municipality=here, school_year=year).values("pk")[:1],
            output_field=IntegerField(),
        ),
        signups_waiting=count_of(HostSignup.objects.waiting().filter(municipality=here), "municipality"),
    )


def needs_attention(municipality: Municipality, today: datetime.date | None = None) -> list[AttentionItem]:
    """What waits for the coordinator: agreements past their end date still marked active, approved hosts
    without any agreement after 90 days, schools without a partner, unplaced HOP-IN classes, sign-ups."""
    today = today or timezone.localdate()
    m = attention_counts(Municipality.objects.filter(pk=municipality.pk), today).get()
    items = [
        AttentionItem(
            _("Agreements past their end date, still active"),
            m.past_end,
            reverse("partnerships:agreement_list") + "?status=active&ordering=end_date",
        ),
        AttentionItem(
            _("Approved hosts without an agreement after 90 days"),
            m.idle_hosts,
            reverse("partnerships:company_list") + "?host_status=approved",
        ),
        AttentionItem(_("Schools without any partner"), m.schools_alone, reverse("partnerships:school_list")),
        AttentionItem(
            _("Unplaced HOP-IN classes"),
            m.unplaced_classes,
            reverse("programmes:hopin_week_detail", args=[m.hopin_week]) if m.hopin_week else "",
        ),
        AttentionItem(
            _("Host sign-ups waiting for approval"), m.signups_waiting, reverse("hosting:host_signup_queue")
        ),
    ]
    return [item for item in items if item.count]
