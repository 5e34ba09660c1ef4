from django.core.management.base import BaseCommand

from ._importing import run_import


class Command(BaseCommand):
    help = (
        "Create or update schools from an export of the Ministry's institution register (STIL), matched by "
        "institution number; schools that left the register become inactive. Running it twice changes "
        "nothing the second time."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The register's export: ;-separated CSV in UTF-16, UTF-8 or cp1252.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; write nothing.")
        parser.add_argument(
            "--municipality",
            action="append",
            default=[],
            metavar="CODE",
            help="Import only this municipality (its four-digit code); may be repeated.",
        )

    def handle(self, *args, file, dry_run, municipality, verbosity, **options):
        run_import(self, "institutions", file, dry_run=dry_run, only=municipality, verbosity=verbosity)
