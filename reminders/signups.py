"""Host sign-ups that wait for a coordinator's decision for more than five working days, and the daily
clean-up of those past their retention period."""

import datetime

from django.urls import reverse
from django.utils import timezone

from brasite.lib.email import absolute_url
from hosting.models import HostSignup
from hosting.services import purge_expired_signups

from .delivery import Outbox, wanting
from .models import SentReminder
from .recipients import coordinators_by_municipality

WAITING_WORKING_DAYS = 5


def working_days_before(day: datetime.date, count: int) -> datetime.date:
    """The date `count` working days (Monday to Friday) before `day`."""
    while count:
        day -= datetime.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def remind_waiting_signups(today: datetime.date, outbox: Outbox) -> None:
    """Sign-ups confirmed more than five working days ago and still undecided: once, to the coordinators."""
    cutoff = working_days_before(today, WAITING_WORKING_DAYS)
    confirmed_before = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.min))
    signups = list(
        HostSignup.objects.waiting()
        .filter(verified_at__lt=confirmed_before)
        .select_related("municipality", "company")
        .order_by("verified_at", "pk")
    )
    coordinators = coordinators_by_municipality({s.municipality_id for s in signups})
    link = absolute_url(reverse("hosting:host_signup_queue"))
    for signup in signups:
        context = {
            "group": outbox.group_of(signup.municipality),
            "signup": signup,
            "confirmed_on": timezone.localdate(signup.verified_at),
            "link": link,
        }
        for recipient in wanting(coordinators[signup.municipality_id], "signups_waiting"):
            outbox.send(
                SentReminder.Kind.SIGNUP,
                recipient,
                signup,
                template="reminders/email/signup_waiting",
                context=context,
            )


def delete_expired_signups(today: datetime.date, outbox: Outbox) -> None:
    """Unconfirmed and rejected sign-ups past the retention period the privacy notice states are deleted
    (`hosting.services.purge_expired_signups`; a dry run deletes nothing). Sends no message."""
    purge_expired_signups(dry_run=outbox.dry_run)
