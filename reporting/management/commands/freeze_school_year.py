from django.core.management.base import BaseCommand, CommandError

from partnerships.schoolyears import SchoolYear

from ...freezing import freeze_school_year, years_to_freeze


class Command(BaseCommand):
    help = (
        "Freeze the figures of ended school years (after 31 July) per municipality and programme, as the "
        "annual report and the trend show them. Years already frozen are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "year", nargs="?", help="The school year, e.g. 2025/26 (default: every ended one)"
        )
        parser.add_argument("--dry-run", action="store_true", help="Only say which years would be frozen.")

    def handle(self, *args, year=None, dry_run=False, verbosity=1, **options):
        if year:
            school_year = SchoolYear.parse(year)
            if school_year is None:
                raise CommandError(f"{year!r} is not a school year; write it as 2025/26.")
            years = [school_year]
        else:
            years = years_to_freeze()
        for school_year in years:
            if dry_run:
                self.stdout.write(f"Would freeze {school_year.label}.")
                continue
            try:
                frozen = freeze_school_year(school_year)
            except ValueError as error:
                raise CommandError(str(error)) from error
            if verbosity:
                self.stdout.write(f"{school_year.label}: froze the figures of {frozen} municipalities.")
        if not years and verbosity:
            self.stdout.write("Every ended school year is frozen already.")
