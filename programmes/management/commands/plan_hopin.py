from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from partnerships.models import Municipality
from partnerships.schoolyears import SchoolYear
from programmes.hopin.models import HopInWeek
from programmes.hopin.services import plan_week


class Command(BaseCommand):
    help = (
        "Run the HOP-IN assignment for a municipality's week: keep locked placements, place the other "
        "classes, and print coverage, unplaced classes with the reason, and free capacity."
    )

    def add_arguments(self, parser):
        parser.add_argument("municipality_code", help="The four-digit kommunekode, e.g. 0727 for Odder.")
        parser.add_argument(
            "--year",
            required=True,
            help="The school year: its first calendar year (2025 for 2025/26) or written as 2025/26.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Show the plan without saving it.")

    def handle(self, *args, municipality_code, year, dry_run=False, **options):
        municipality = Municipality.objects.filter(code=municipality_code.strip().zfill(4)).first()
        if municipality is None:
            raise CommandError(f"No municipality has the code {municipality_code!r}.")
        school_year = SchoolYear.parse(year)
        if school_year is None:
            raise CommandError(f"{year!r} is not a school year; write e.g. 2025 or 2025/26.")
        week = HopInWeek.objects.filter(municipality=municipality, school_year=school_year.start_year).first()
        if week is None:
            raise CommandError(f"{municipality.name} has no HOP-IN week in the school year {school_year}.")

        with translation.override("en"):  # the reasons come translated; keep the output in one language
            summary = plan_week(week, dry_run=dry_run)
        prefix = "Dry run – nothing saved. " if dry_run else ""
        coverage = f"{summary.coverage} %" if summary.coverage is not None else "–"
        self.stdout.write(
            f"{prefix}{week}: {summary.placed} of {summary.total} classes placed ({coverage}); "
            f"{summary.new} newly placed, {summary.kept} locked kept."
        )
        if summary.unplaced:
            self.stdout.write(self.style.WARNING(f"Not placed ({len(summary.unplaced)}):"))
            for school_class, reason in summary.unplaced:
                self.stdout.write(f"  {school_class.school.name} {school_class.name}: {reason}")
        self.stdout.write(f"Free capacity: {summary.free_total} places.")
        for host, left in summary.free:
            self.stdout.write(f"  {host.company.name}: {left} of {host.capacity}")
