from django.core.management import call_command
from django.core.management.base import BaseCommand

# Everything the portal owns. Content types and permissions are rebuilt by `migrate` and referenced by
# natural key; sessions and login-attempt logs (axes) are short-lived and not worth restoring.
# Frozen school-year figures are what was reported: they travel too (the cache version does not).
EXPORTED_MODELS = [
    "auth.group",
    "partnerships",
    "hosting",
    "programmes",
    "reporting.frozenfigure",
    "reporting.frozenprogrammefigure",
    "admin.logentry",
]


class Command(BaseCommand):
    help = (
        "Write all the portal's data (accounts, organisations, agreements, programmes, history) to one XML "
        "file that import_data loads into a freshly migrated database."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", help="File to write, e.g. partnerships-2026-11-24.xml")

    def handle(self, *args, output, verbosity=1, **options):
        # XML rather than JSON: Django's JSON encoder cuts timestamps to milliseconds, XML keeps them exact.
        call_command(
            "dumpdata",
            *EXPORTED_MODELS,
            format="xml",
            indent=1,
            use_natural_foreign_keys=True,
            output=output,
            verbosity=0,
        )
        if verbosity:
            self.stdout.write(f"Exported the portal's data to {output}.")
