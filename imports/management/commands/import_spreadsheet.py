from django.core.management.base import BaseCommand

from imports.templates import TEMPLATES

from ._importing import run_import


class Command(BaseCommand):
    help = (
        "Import a spreadsheet (CSV or xlsx, the portal's template) of schools, companies with contact "
        "persons, or cooperation agreements; all valid rows in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(TEMPLATES))
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; write nothing.")

    def handle(self, *args, kind, file, dry_run, verbosity, **options):
        run_import(self, kind, file, dry_run=dry_run, verbosity=verbosity)
