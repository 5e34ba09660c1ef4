"""The daily job's tasks, in the order they run (`manage.py send_reminders`).

Each task is a function `task(today, outbox)`; periodic work of any app (such as the retention clean-up
of old host sign-ups) is one more entry in `DAILY_TASKS`.
"""

from django.utils.translation import gettext_lazy as _

from . import agreements, delivery, digest, hosts, signups

DAILY_TASKS = [
    (_("agreements ending"), agreements.remind_ending),
    (_("agreements left in draft"), agreements.remind_drafts),
    (_("host sign-ups waiting"), signups.remind_waiting_signups),
    (_("goal at risk"), agreements.alert_goal_at_risk),
    (_("weekly digest"), digest.send_weekly_digests),
    (_("yearly host question"), hosts.ask_hosts),
    (_("yearly host question, reminder"), hosts.remind_hosts),
    (_("old entries of the sent-log"), delivery.forget_old_sent_reminders),
    (_("host sign-ups past their retention period"), signups.delete_expired_signups),
]
