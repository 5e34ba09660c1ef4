from django.conf import settings
from django.core.management.base import BaseCommand

from hosting.services import purge_expired_signups


class Command(BaseCommand):
    help = (
        "Delete unconfirmed host sign-ups and rejected ones older than HOST_SIGNUP_RETENTION_DAYS "
        "(the period stated in the privacy notice). Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be deleted.")

    def handle(self, *args, dry_run=False, **options):
        count = purge_expired_signups(dry_run=dry_run)
        if options["verbosity"]:
            verb = "would be deleted" if dry_run else "deleted"
            self.stdout.write(
                f"{count} host sign-up(s) older than {settings.HOST_SIGNUP_RETENTION_DAYS} days {verb}."
            )
