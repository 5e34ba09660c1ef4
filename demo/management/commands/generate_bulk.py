"""Bench data at a realistic regional scale: schools, companies, contact persons and agreements, fast.

Rows are written with `bulk_create` (one "created" history row each, written in bulk too), never one save at a
time. Generated schools carry institution numbers and companies CVR numbers beginning with 99, so the bench
data can be told from other data and removed again (`--reset`) without touching it.
"""

import datetime
import random
from itertools import islice

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from faker import Faker

from partnerships.models import (
    Company,
    ContactPerson,
    CooperationAgreement,
    Municipality,
    Programme,
    School,
)
from partnerships.schoolyears import SchoolYear

BULK_PREFIX = "99"
# Rows at scale M (the region as issue 12 measured it); S is a tenth of it, L ten times it.
SIZE_M = {"schools": 600, "companies": 5_000, "contacts": 10_000, "agreements": 20_000}
SCALES = {"S": 0.1, "M": 1.0, "L": 10.0}
SCHOOL_YEARS = 8
BATCH = 5_000

# Inhabitants in thousands (2024, rounded): the share of schools, companies and agreements of each.
WEIGHTS = {
    "0751": 367, "0730": 99, "0615": 98, "0791": 97, "0740": 96, "0746": 65,
    "0710": 50, "0766": 47, "0706": 44, "0707": 37, "0727": 23, "0741": 4,
}  # fmt: skip

SCHOOL_KINDS = [
    (School.Kind.FOLKESKOLE, "{}skolen", 60),
    (School.Kind.FRISKOLE, "{} Friskole", 10),
    (School.Kind.EFTERSKOLE, "{} Efterskole", 5),
    (School.Kind.TENTH_GRADE, "10. klasse-center {}", 3),
    (School.Kind.STX, "{} Gymnasium", 6),
    (School.Kind.HF, "HF & VUC {}", 3),
    (School.Kind.HHX, "{} Handelsgymnasium", 3),
    (School.Kind.HTX, "{} Tekniske Gymnasium", 3),
    (School.Kind.VOCATIONAL, "{} Erhvervsskole", 4),
    (School.Kind.PRODUCTION, "Produktionsskolen {}", 3),
]
PLACES = [
    "Bakke", "Skov", "Sønder", "Nørre", "Vester", "Øster", "Eng", "Lund", "Strand", "Mølle", "Kirke",
    "Bøge", "Ege", "Hede", "Sø", "Å", "Fjord", "Dal", "Mark", "Toft", "Holm", "Kær", "Vang", "Ryg",
]  # fmt: skip
COMPANY_WORDS = [
    "Stål", "Træ", "Plast", "Maskin", "Metal", "Fødevare", "Energi", "Robot", "Elektro", "Beton",
    "Glas", "Tekstil", "Print", "Automation", "Miljø", "Data", "Agro", "Emballage", "Værktøj", "Vind",
]  # fmt: skip
COMPANY_FORMS = ["A/S", "ApS", "I/S", "& Søn", "Industri A/S", "Teknik ApS", "Produktion A/S"]
THEMES = [
    "Produktionsuge for 7. klasse",
    "Virksomhedsbesøg og erhvervspraktik",
    "Teknologi og innovation i udskolingen",
    "Naturfag i praksis",
    "Fra idé til prototype",
    "Bæredygtig produktion",
    "Automatisering og robotter",
    "Åben skole: en dag i produktionen",
]
ROLES = ["Skoleleder", "Lærer", "Uddannelsesleder", "HR-ansvarlig", "Direktør", "Produktionschef"]
Status = CooperationAgreement.Status


def cvr_numbers():
    """CVR numbers beginning with 99 whose modulus-11 check holds, in order."""
    weights = (2, 7, 6, 5, 4, 3, 2)
    for serial in range(100_000):
        digits = [9, 9, *map(int, f"{serial:05d}")]
        check = -sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
        if check < 10:
            yield "".join(map(str, digits)) + str(check)


def shares(total: int, weights: dict[str, int], minimum: int = 1) -> dict[str, int]:
    """`total` split by `weights` (at least `minimum` each), summing to at least `total`."""
    whole = sum(weights.values())
    return {code: max(minimum, round(total * weight / whole)) for code, weight in weights.items()}


def bulk_schools():
    return School.objects.filter(institution_number__startswith=BULK_PREFIX)


def bulk_companies():
    return Company.objects.filter(cvr__startswith=BULK_PREFIX)


def raw_delete(queryset) -> int:
    """Delete the rows of `queryset` in one statement: no per-row signals (and so no history rows)."""
    sql, params = queryset.values("pk").query.sql_with_params()
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id IN ({sql})", params)  # noqa: S608 (names from _meta)
        return cursor.rowcount


def delete_bulk_data() -> int:
    """Remove every generated row (and its history and links); other data stays as it is."""
    schools, companies = bulk_schools(), bulk_companies()
    agreements = CooperationAgreement.objects.filter(
        school__in=schools
    ) | CooperationAgreement.objects.filter(company__in=companies)
    contacts = ContactPerson.objects.filter(Q(school__in=schools) | Q(company__in=companies))
    agreement_ids = agreements.values("pk")
    links = CooperationAgreement.contact_persons.through.objects
    raw_delete(links.filter(cooperationagreement__in=agreement_ids))
    raw_delete(links.filter(contactperson__in=contacts.values("pk")))
    raw_delete(CooperationAgreement.history.filter(id__in=agreement_ids))
    deleted = raw_delete(agreements)
    raw_delete(ContactPerson.history.filter(id__in=contacts.values("pk")))
    raw_delete(contacts)
    raw_delete(Company.programmes_of_interest.through.objects.filter(company__in=companies.values("pk")))
    raw_delete(School.history.filter(id__in=schools.values("pk")))
    raw_delete(Company.history.filter(id__in=companies.values("pk")))
    raw_delete(schools)
    raw_delete(companies)
    return deleted


class Command(BaseCommand):
    help = (
        "Generate bench data at scale S, M (one group of municipalities, 600 schools, 5,000 companies, "
        "10,000 contact persons, 20,000 agreements over 8 school years) or L (ten times M), after "
        "seed_reference. "
        "Does nothing when bench data is there already, unless --reset."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="M", help="S, M or L (default M).")
        parser.add_argument("--reset", action="store_true", help="Remove earlier bench data first.")
        parser.add_argument("--seed", type=int, default=2026, help="Seed of the random choices.")
        # Tests: a fraction of M, so the generator runs at a tiny size too.
        parser.add_argument("--factor", type=float, help="A fraction of scale M instead of --scale.")

    def handle(self, *args, scale="M", reset=False, seed=2026, factor=None, verbosity=1, **options):
        municipalities = {m.code: m for m in Municipality.objects.filter(code__in=WEIGHTS)}
        if len(municipalities) != len(WEIGHTS):
            raise CommandError("The bench municipalities are missing: run `manage.py seed_reference` first.")
        factor = factor if factor is not None else SCALES[scale]
        started = timezone.now()
        with transaction.atomic():
            if bulk_companies().exists() or bulk_schools().exists():
                if not reset:
                    self.stdout.write("Bench data is there already (use --reset to make it again).")
                    return
                removed = delete_bulk_data()
                if verbosity:
                    self.stdout.write(f"Removed earlier bench data ({removed} agreements).")
            self.rng = random.Random(seed)
            fake = Faker("da_DK")
            fake.seed_instance(seed)
            self.first_names = [fake.first_name() for _ in range(300)]
            self.last_names = [fake.last_name() for _ in range(300)]
            self.streets = [fake.street_name() for _ in range(300)]
            self.today = timezone.localdate()
            sizes = {name: max(1, round(count * factor)) for name, count in SIZE_M.items()}
            schools = self.make_schools(municipalities, sizes["schools"])
            companies = self.make_companies(municipalities, sizes["companies"])
            contacts = self.make_contacts(schools, companies, sizes["contacts"])
            agreements = self.make_agreements(schools, companies, contacts, sizes["agreements"])
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if verbosity:
            seconds = (timezone.now() - started).total_seconds()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Bench data: {len(schools)} schools, {len(companies)} companies, "
                    f"{len(contacts)} contact persons, {agreements} agreements in {seconds:.1f} s."
                )
            )

    def address(self) -> str:
        return f"{self.rng.choice(self.streets)} {self.rng.randint(1, 120)}"

    def make_schools(self, municipalities, total: int) -> list[School]:
        rows = []
        kinds = [kind for kind, _pattern, _weight in SCHOOL_KINDS]
        kind_weights = [weight for _kind, _pattern, weight in SCHOOL_KINDS]
        patterns = {kind: pattern for kind, pattern, _weight in SCHOOL_KINDS}
        for code, count in shares(total, WEIGHTS).items():
            municipality = municipalities[code]
            for number in range(count):
                kind = self.rng.choices(kinds, kind_weights)[0]
                place = PLACES[number % len(PLACES)]
                name = patterns[kind].format(
                    place if "{}skolen" in patterns[kind] else f"{place} {municipality}"
                )
                rows.append(
                    School(
                        name=f"{name} {number // len(PLACES) + 1}" if number >= len(PLACES) else name,
                        municipality=municipality,
                        kind=kind,
                        institution_number=f"{BULK_PREFIX}{len(rows):04d}",
                        address=self.address(),
                        active=self.rng.random() > 0.03,
                    )
                )
        return self.save_with_history(School, rows)

    def make_companies(self, municipalities, total: int) -> list[Company]:
        rows = []
        numbers = cvr_numbers()
        statuses = [Company.HostStatus.APPROVED] * 8 + [
            Company.HostStatus.PENDING,
            Company.HostStatus.INACTIVE,
        ]
        for code, count in shares(total, WEIGHTS).items():
            municipality = municipalities[code]
            for cvr in islice(numbers, count):
                word, form = self.rng.choice(COMPANY_WORDS), self.rng.choice(COMPANY_FORMS)
                rows.append(
                    Company(
                        name=f"{self.rng.choice(self.last_names)} {word} {form}",
                        cvr=cvr,
                        municipality=municipality,
                        address=self.address(),
                        sector=self.rng.choice(Company.Sector.values),
                        employee_band=self.rng.choice(Company.EmployeeBand.values),
                        host_status=self.rng.choice(statuses),
                        hosting_capacity=self.rng.randint(1, 4),
                    )
                )
        return self.save_with_history(Company, rows)

    def make_contacts(self, schools, companies, total: int) -> list[ContactPerson]:
        """Two contact persons per school; the rest spread over the companies."""
        rows = [self.contact(school=school) for school in schools for _ in range(2)][: total // 2]
        rows += [self.contact(company=self.rng.choice(companies)) for _ in range(total - len(rows))]
        return self.save_with_history(ContactPerson, rows)

    def contact(self, **organisation) -> ContactPerson:
        first, last = self.rng.choice(self.first_names), self.rng.choice(self.last_names)
        return ContactPerson(
            name=f"{first} {last}",
            role=self.rng.choice(ROLES),
            email=f"{first}.{last}{self.rng.randint(1, 999)}@example.com".lower().replace(" ", ""),
            phone=f"+45{self.rng.randint(20_000_000, 99_999_999)}",
            **organisation,
        )

    def make_agreements(self, schools, companies, contacts, total: int) -> int:
        """Agreements over the last 8 school years: ended, running, a few cancelled, drafts ahead."""
        by_municipality: dict[int, list[Company]] = {}
        for company in companies:
            by_municipality.setdefault(company.municipality_id, []).append(company)
        contacts_of: dict[tuple[str, int], list[int]] = {}
        for person in contacts:
            key = ("school", person.school_id) if person.school_id else ("company", person.company_id)
            contacts_of.setdefault(key, []).append(person.pk)
        programmes = [*Programme.objects.all(), None, None]
        first_day = SchoolYear.current().previous(SCHOOL_YEARS)[0].first_day
        span = (self.today - first_day).days
        rows, links = [], []
        # The schools are already spread by inhabitants: each is as likely as any other.
        for school in self.rng.choices(schools, k=total):
            local = by_municipality.get(school.municipality_id)
            company = self.rng.choice(local if local and self.rng.random() < 0.8 else companies)
            rows.append(self.agreement(school, company, self.rng.choice(programmes), first_day, span))
        saved = self.save_with_history(CooperationAgreement, rows)
        through = CooperationAgreement.contact_persons.through
        for agreement in saved:
            for key in (("school", agreement.school_id), ("company", agreement.company_id)):
                if contacts_of.get(key):
                    links.append(
                        through(
                            cooperationagreement_id=agreement.pk,
                            contactperson_id=self.rng.choice(contacts_of[key]),
                        )
                    )
        through.objects.bulk_create(links, batch_size=BATCH)
        return len(saved)

    def agreement(self, school, company, programme, first_day, span) -> CooperationAgreement:
        start = first_day + datetime.timedelta(days=self.rng.randrange(span + 60))
        years = self.rng.choice([1, 1, 2, 3, None])
        end = None
        if years is not None:
            end = datetime.date(SchoolYear.containing(start).start_year + years, 7, 31)
        roll = self.rng.random()
        if start > self.today:
            status = Status.DRAFT
        elif roll < 0.04:
            status = Status.CANCELLED
        elif end is not None and end < self.today:
            status = Status.ENDED
        elif roll < 0.12:
            status = Status.DRAFT
        else:
            status = Status.ACTIVE
        agreed = status in (Status.ACTIVE, Status.ENDED)
        return CooperationAgreement(
            school=school,
            company=company,
            programme=programme,
            title=self.rng.choice(THEMES),
            activities="Eleverne besøger virksomheden og arbejder med en opgave fra produktionen.",
            status=status,
            signed_on=start - datetime.timedelta(days=self.rng.randint(0, 30)) if agreed else None,
            start_date=start,
            end_date=end,
        )

    def save_with_history(self, model, rows: list) -> list:
        """`bulk_create` the rows and one "created" history row for each."""
        saved = model.objects.bulk_create(rows, batch_size=BATCH)
        model.history.bulk_history_create(saved, batch_size=BATCH, default_change_reason="generate_bulk")
        return saved
