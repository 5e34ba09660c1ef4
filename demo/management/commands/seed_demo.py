import datetime
import random

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from faker import Faker

from hosting.models import HostSignup
from partnerships.models import (
    Company,
    ContactPerson,
    CooperationAgreement,
    Municipality,
    ProductionUnit,
    Programme,
    School,
    SchoolYearGoal,
    User,
)
from partnerships.reference import load_reference_data
from partnerships.schoolyears import SchoolYear
from partnerships.services import cancel_agreement

from ...identifiers import valid_cvr
from ...programmes import delete_programme_work, seed_programme_work

DEMO_PASSWORD = "demo-adgang-2026"

# Active agreements per municipality code: some below, some at and some above the goal of 3.
ACTIVE_TARGETS = {
    "0751": 5, "0710": 3, "0766": 4, "0615": 2, "0707": 1, "0727": 3,
    "0730": 0, "0741": 1, "0740": 3, "0746": 2, "0706": 4, "0791": 3,
}  # fmt: skip

MAIN_POSTCODES = {
    "0751": "8000", "0710": "8370", "0766": "8722", "0615": "8700", "0707": "8500", "0727": "8300",
    "0730": "8900", "0741": "8305", "0740": "8600", "0746": "8660", "0706": "8400", "0791": "8800",
}  # fmt: skip

SCHOOL_PREFIXES = ["Bakke", "Skov", "Sønder", "Nørre", "Vester", "Øster", "Eng", "Lund", "Strand", "Mølle"]
PRIMARY_EXTRA = [
    School.Kind.FRISKOLE,
    School.Kind.EFTERSKOLE,
    School.Kind.TENTH_GRADE,
    School.Kind.OTHER,
    School.Kind.SPECIAL,
    School.Kind.YOUTH_SCHOOL,
]
YOUTH = [
    (School.Kind.STX, "{} Gymnasium"),
    (School.Kind.HF, "HF & VUC {}"),
    (School.Kind.HHX, "{} Handelsgymnasium"),
    (School.Kind.HTX, "{} Tekniske Gymnasium"),
    (School.Kind.VOCATIONAL, "{} Erhvervsskole"),
    (School.Kind.PRODUCTION, "Produktionsskolen {}"),
]
# What the school and the company do together, as a coordinator would write it down.
THEMES = {
    "Produktionsuge for 7. klasse": (
        "Eleverne i 7. klasse er en uge i virksomhedens produktion, hvor de bygger et lille produkt fra "
        "tegning til færdig vare. Lærlinge fra virksomheden er med som rollemodeller, og ugen slutter med en "
        "fremvisning for forældrene."
    ),
    "Virksomhedsbesøg og erhvervspraktik": (
        "To virksomhedsbesøg om året for 8. årgang og en uges erhvervspraktik i 9. klasse. Virksomheden "
        "fortæller om uddannelsesvejene fra EUD og EUX til ingeniør, og skolens vejleder følger op i klassen."
    ),
    "Teknologi og innovation i udskolingen": (
        "Virksomhedens udviklingsafdeling stiller en rigtig opgave, som udskolingen løser i valgfaget "
        "teknologiforståelse. Ingeniører besøger klassen tre gange og giver feedback på elevernes prototyper."
    ),
    "Naturfag i praksis": (
        "Lærerne i fysik/kemi og biologi planlægger fire forløb med virksomheden, hvor eleverne måler, "
        "tester og analyserer virksomhedens egne materialer og processer."
    ),
    "Fra idé til prototype": (
        "Eleverne arbejder i grupper med en produktidé fra virksomheden, tegner den i CAD og fremstiller en "
        "prototype på skolens 3D-printer og i virksomhedens værksted."
    ),
    "Bæredygtig produktion": (
        "Et forløb om energi, spild og genbrug i produktionen. Eleverne kortlægger virksomhedens "
        "ressourceforbrug og fremlægger deres forslag til forbedringer for ledelsen."
    ),
    "Automatisering og robotter": (
        "Eleverne programmerer en samarbejdsrobot sammen med virksomhedens automatikteknikere og ser "
        "robotterne arbejde på produktionslinjen."
    ),
    "Matematik i værkstedet": (
        "Matematiklærerne og virksomhedens værkførere laver opgaver med mål, tolerancer og materialeforbrug "
        "fra produktionen, som eleverne løser ude i værkstedet."
    ),
    "Lærlinge fortæller": (
        "Virksomhedens lærlinge og EUX-elever besøger skolen to gange om året og fortæller om hverdagen på "
        "en erhvervsuddannelse; bagefter får klassen en dag i virksomheden."
    ),
}
# Danish letters as people write them in email addresses.
ASCII_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae"})
SECTORS = [
    Company.Sector.MANUFACTURING,
    Company.Sector.FOOD,
    Company.Sector.CONSTRUCTION,
    Company.Sector.ENERGY,
]


class Command(BaseCommand):
    help = (
        "Create realistic Danish demo data and demo accounts for the served municipalities "
        "(safe to run again)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Delete schools, companies and agreements first."
        )

    @transaction.atomic
    def handle(self, *args, reset=False, **options):
        if reset:
            delete_programme_work()
            CooperationAgreement.objects.all().delete()
            HostSignup.objects.all().delete()
            ContactPerson.objects.all().delete()
            User.objects.filter(company__isnull=False).update(company=None)
            Company.objects.all().delete()
            School.objects.all().delete()
        load_reference_data()
        self.fake = Faker("da_DK")
        self.fake.seed_instance(2026)
        self.rng = random.Random(2026)
        self.today = timezone.localdate()
        self.programmes = {p.slug: p for p in Programme.objects.all()}
        for index, municipality in enumerate(Municipality.objects.served().order_by("code")):
            SchoolYearGoal.objects.get_or_create(
                municipality=municipality, school_year=SchoolYear.current().start_year
            )
            self.seed_municipality(index, municipality)
            seed_programme_work(municipality, today=self.today)
        self.add_production_unit()
        self.create_accounts()

    def add_production_unit(self) -> None:
        """Odder's first host also works in Skanderborg: a production unit there (and so a host there too)."""
        odder, skanderborg = (Municipality.objects.filter(code=code).first() for code in ("0727", "0746"))
        company = Company.objects.approved_hosts().filter(municipality=odder).order_by("pk").first()
        if company is None or skanderborg is None:
            return
        ProductionUnit.objects.get_or_create(
            p_number="1007270001",
            defaults={
                "company": company,
                "name": f"{company.name}, afd. Skanderborg",
                "address": "Adelgade 10",
                "postcode": "8660",
                "municipality": skanderborg,
            },
        )

    def seed_municipality(self, index: int, municipality: Municipality) -> None:
        postcode = MAIN_POSTCODES[municipality.code]
        kinds = [School.Kind.FOLKESKOLE] * 3 + [PRIMARY_EXTRA[index % len(PRIMARY_EXTRA)]]
        names = [f"{SCHOOL_PREFIXES[(index + i) % len(SCHOOL_PREFIXES)]}skolen" for i in range(4)]
        for offset in (0, 1):
            kind, pattern = YOUTH[(2 * index + offset) % len(YOUTH)]
            kinds.append(kind)
            names.append(pattern.format(municipality.name))
        schools = []
        for number, (kind, name) in enumerate(zip(kinds, names, strict=True)):
            school, created = School.objects.get_or_create(
                municipality=municipality,
                name=name,
                defaults={
                    "kind": kind,
                    "institution_number": f"{700000 + index * 100 + number}",
                    "address": self.fake.street_address(),
                    "postcode": postcode,
                },
            )
            if created:
                self.add_contact(school=school)
            schools.append(school)

        companies = []
        for number in range(6):
            cvr = valid_cvr(random.Random(f"{municipality.code}-{number}"))
            status = Company.HostStatus.APPROVED if number < 5 else Company.HostStatus.PENDING
            company, created = Company.objects.get_or_create(
                cvr=cvr,
                defaults={
                    "name": self.fake.company(),
                    "municipality": municipality,
                    "address": self.fake.street_address(),
                    "postcode": postcode,
                    "sector": SECTORS[number % len(SECTORS)],
                    "employee_band": Company.EmployeeBand.values[number % 4],
                    "host_status": status,
                    "hosting_capacity": 1 + number % 3,
                },
            )
            if created:
                self.add_contact(company=company)
                company.programmes_of_interest.set(self.programmes.values())
                if status == Company.HostStatus.PENDING:
                    self.add_waiting_signup(company)
            companies.append(company)

        participating = list(municipality.programmes.all())
        statuses = [CooperationAgreement.Status.ACTIVE] * ACTIVE_TARGETS[municipality.code]
        statuses += [CooperationAgreement.Status.DRAFT]
        statuses += [CooperationAgreement.Status.ENDED] if index % 2 == 0 else []
        statuses += [CooperationAgreement.Status.CANCELLED] if index % 3 == 0 else []
        titles = list(THEMES)
        for number, status in enumerate(statuses):
            school = schools[number % len(schools)]
            company = companies[number % 5]
            start, end = self.agreement_dates(index, number, status)
            title = titles[(index + number) % len(titles)]
            agreement, created = CooperationAgreement.objects.get_or_create(
                school=school,
                company=company,
                title=title,
                defaults={
                    "programme": participating[number % len(participating)] if participating else None,
                    "activities": THEMES[title],
                    # A cancelled one goes through the service, so that its reason is recorded.
                    "status": CooperationAgreement.Status.DRAFT
                    if status == CooperationAgreement.Status.CANCELLED
                    else status,
                    "signed_on": None if status == CooperationAgreement.Status.DRAFT else start,
                    "start_date": start,
                    "end_date": end,
                },
            )
            if created:
                agreement.contact_persons.set([*school.contacts.all()[:1], *company.contacts.all()[:1]])
                if status == CooperationAgreement.Status.CANCELLED:
                    cancel_agreement(agreement, user=None, reason="Indtastet ved en fejl")

    def agreement_dates(self, index: int, number: int, status: str):
        """Start and end spread over the last four school years, so that every year of the trend (2024/25
        too) has agreements, and each municipality's history differs; today's count is unchanged."""
        Status = CooperationAgreement.Status
        year = SchoolYear.containing(self.today).start_year - (index + number) % 4
        start = SchoolYear(year).first_day + datetime.timedelta(days=(20 + 47 * (index + 2 * number)) % 240)
        start = min(start, self.today - datetime.timedelta(days=14 + number))
        end = None
        if status == Status.ENDED:
            start = min(start, self.today - datetime.timedelta(days=400))
            end = self.today - datetime.timedelta(days=30)
        elif status == Status.ACTIVE and number == 0:
            end = self.today + datetime.timedelta(days=45)  # ends soon: shows on the workspace
        elif status == Status.DRAFT:
            start = self.today + datetime.timedelta(days=30)
        return start, end

    def add_waiting_signup(self, company: Company) -> None:
        """A confirmed host sign-up for the pending company, so the approval queue has something to show."""
        contact = company.contacts.first()
        now = timezone.now()
        HostSignup.objects.create(
            name=company.name,
            cvr=company.cvr,
            address=company.address,
            postcode=company.postcode,
            municipality=company.municipality,
            sector=company.sector,
            employee_band=company.employee_band,
            hosting_capacity=company.hosting_capacity,
            contact_name=contact.name,
            contact_role=contact.role,
            contact_email=contact.email,
            contact_phone=contact.phone,
            status=HostSignup.Status.WAITING,
            company=company,
            contact=contact,
            consented_at=now,
            verified_at=now,
        )

    def add_contact(self, **organisation) -> None:
        first, last = self.fake.first_name(), self.fake.last_name()
        email_name = f"{first}.{last}".lower().replace(" ", "").translate(ASCII_LETTERS)
        ContactPerson.objects.create(
            name=f"{first} {last}",
            role=self.rng.choice(["Skoleleder", "Lærer", "Uddannelsesleder", "HR-ansvarlig", "Direktør"]),
            email=f"{email_name}@example.com",
            phone=f"+45 {self.rng.randint(20, 99)} {self.rng.randint(10, 99)} {self.rng.randint(10, 99)} "
            f"{self.rng.randint(10, 99)}",
            **organisation,
        )

    def create_accounts(self) -> None:
        by_code = {m.code: m for m in Municipality.objects.all()}
        accounts = [
            ("admin@example.com", "Demo Administrator", {"is_staff": True, "is_superuser": True}, []),
            ("koordinator@example.com", "Karen Koordinator", {"role": User.Role.COORDINATOR}, ["0751"]),
            (
                "koordinator2@example.com",
                "Henrik Hedensted",
                {"role": User.Role.COORDINATOR},
                ["0766", "0615"],
            ),
            ("region@example.com", "Regina Region", {"role": User.Role.VIEWER}, []),
            (
                "virksomhed@example.com",
                "Vera Virksomhed",
                {
                    "role": User.Role.COMPANY,
                    "company": Company.objects.approved_hosts().filter(municipality=by_code["0751"]).first(),
                },
                [],
            ),
        ]
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Log in at {settings.SITE_URL}/ with:"))
        for email, full_name, fields, codes in accounts:
            first_name, last_name = full_name.split(" ", 1)
            user, _created = User.objects.update_or_create(
                email=email, defaults={"first_name": first_name, "last_name": last_name, **fields}
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.municipalities.set([by_code[code] for code in codes])
            role = user.get_role_display() if user.role else "administrator"
            self.stdout.write(f"  {email:28} {DEMO_PASSWORD}   ({role})")
