from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from partnerships.models import Municipality
from partnerships.schoolyears import SchoolYear
from programmes.hopin.models import HopInWeek
from programmes.hopin.planning import Policy
from programmes.hopin.services import plan_week, week_options


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
        parser.add_argument(
            "--policy",
            choices=[policy.value for policy in Policy],
            help="What comes first (default: the week's stored policy, normally most_wishes).",
        )
        parser.add_argument("--seed", type=int, help="The draw number for ties (default: the week's).")
        parser.add_argument(
            "--one-class-per-school",
            action="store_true",
            default=None,
            help="At most one class from the same school per host (default: the week's setting).",
        )

    def handle(
        self,
        *args,
        municipality_code,
        year,
        dry_run=False,
        policy=None,
        seed=None,
        one_class_per_school=None,
        **options,
    ):
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
            summary = plan_week(
                week,
                dry_run=dry_run,
                policy=Policy(policy) if policy else None,
                seed=seed,
                one_class_per_school_per_host=one_class_per_school,
            )
            row = summary.row
        prefix = "Dry run – nothing saved. " if dry_run else ""
        coverage = f"{summary.coverage} %" if summary.coverage is not None else "–"
        self.stdout.write(
            f"{prefix}{week}: {summary.placed} of {summary.total} classes placed ({coverage}); "
            f"{summary.new} newly placed, {summary.kept} locked kept."
        )
        used = week_options(
            week,
            policy=Policy(policy) if policy else None,
            seed=seed,
            one_class_per_school_per_host=one_class_per_school,
        )
        rule = ", one class per school per host" if used["one_class_per_school_per_host"] else ""
        self.stdout.write(f"Policy: {used['policy'].value}, draw {used['seed']}{rule}.")
        p = row.profile
        self.stdout.write(
            f"Profile: 1st wish {p.first}, 2nd wish {p.second}, 3rd wish {p.third}, "
            f"none of their wishes {p.no_wish}, no place {p.unplaced}."
        )
        for label, reasons in (
            ("None of their wishes", row.no_wish_reasons),
            ("No place", row.unplaced_reasons),
        ):
            if reasons:
                self.stdout.write(
                    f"  {label}: " + "; ".join(f"{reason}: {n}" for reason, n in reasons.items())
                )
        if summary.unplaced:
            self.stdout.write(self.style.WARNING(f"Not placed ({len(summary.unplaced)}):"))
            for school_class, reason in summary.unplaced:
                self.stdout.write(f"  {school_class.school.name} {school_class.name}: {reason}")
        self.stdout.write(f"Free capacity: {summary.free_total} places.")
        for host, left in summary.free:
            self.stdout.write(f"  {host.company.name}: {left} of {host.capacity}")
