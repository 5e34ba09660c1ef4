"""The coordinators' weekly digest: each municipality's figure, what changed, what needs attention."""

import datetime
from collections import Counter

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from brasite.lib.email import absolute_url
from partnerships.models import CooperationAgreement, Municipality, User
from reporting.attention import needs_attention

from .agreements import goal_of
from .delivery import Outbox, Recipient, preferences_of
from .models import SentReminder


def week_key(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def send_weekly_digests(today: datetime.date, outbox: Outbox) -> None:
    """From the digest weekday on, each coordinator gets one digest per calendar week (on by default)."""
    if today.weekday() < settings.REMINDERS_DIGEST_WEEKDAY:
        return
    coordinators = [
        user
        for user in User.objects.filter(is_active=True, role=User.Role.COORDINATOR)
        .select_related("reminder_preferences")
        .prefetch_related("municipalities")
        .order_by("email")
        if preferences_of(user).weekly_digest
    ]
    municipality_ids = {m.pk for user in coordinators for m in user.municipalities.all()}
    if not municipality_ids:
        return
    week_ago = today - datetime.timedelta(days=7)
    municipalities = {
        m.pk: m
        for m in Municipality.objects.filter(pk__in=municipality_ids).with_counts_on(
            {"counting_now": today, "counting_week_ago": week_ago}
        )
    }
    since = timezone.make_aware(datetime.datetime.combine(week_ago, datetime.time.min))
    changes = Counter(
        CooperationAgreement.history.filter(
            school__municipality__in=municipality_ids, history_date__gte=since
        ).values_list("school__municipality", flat=True)
    )
    sections = {
        pk: {
            "municipality": m,
            "goal": goal_of(m, today),
            "changes": changes[pk],
            "attention": needs_attention(m, today),
            "link": absolute_url(reverse("reporting:workspace_municipality", args=[m.slug])),
        }
        for pk, m in municipalities.items()
    }
    period = week_key(today)
    for user in coordinators:
        own = [sections[m.pk] for m in sorted(user.municipalities.all(), key=lambda m: m.name)]
        group = outbox.group_of(own[0]["municipality"]) if own else None
        outbox.send(
            SentReminder.Kind.DIGEST,
            Recipient.of_user(user),
            user,
            period=period,
            template="reminders/email/weekly_digest",
            context={
                "group": group,
                "sections": own,
                "site": absolute_url(""),
                "profile_link": absolute_url(reverse("reminders:profile")),
            },
        )
