from django.core.management.base import BaseCommand
from django.utils import timezone

from reminders.delivery import Outbox
from reminders.tasks import DAILY_TASKS


class Command(BaseCommand):
    help = (
        "Daily: send the reminders, alerts, digests and yearly host questions that are due. Safe to run "
        "more than once a day: the sent-log keeps anyone from getting the same message twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be sent; send nothing.")

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        today = timezone.localdate()
        outbox = Outbox(dry_run=dry_run)
        for name, task in DAILY_TASKS:
            before = outbox.total
            task(today, outbox)  # each message commits with its sent-log row, so a failure resends none
            if verbosity >= 2:
                self.stdout.write(f"{name}: {outbox.total - before}")
        if verbosity >= 1:
            verb = "would send" if dry_run else "sent"
            self.stdout.write(f"send_reminders {today}: {verb} {outbox.total} messages")
