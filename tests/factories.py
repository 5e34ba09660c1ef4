import datetime
import random

import factory
from factory.django import DjangoModelFactory

from demo.identifiers import valid_cvr
from partnerships.models import (
    Company,
    ContactPerson,
    CooperationAgreement,
    Municipality,
    ProductionUnit,
    Programme,
    ProgrammeParticipation,
    School,
    User,
)
from programmes.models import (
    HopInHost,
    HopInWeek,
    NetworkMember,
    OutreachActivity,
    Placement,
    ResourcePerson,
    SchoolClass,
    TeacherTraining,
    TutorOffer,
)


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"Kommune {n}")
    code = factory.Sequence(lambda n: f"{9000 + n:04d}")
    slug = factory.Sequence(lambda n: f"kommune-{n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.set(extracted)


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"Skole {n}")
    municipality = factory.SubFactory(MunicipalityFactory)
    kind = School.Kind.FOLKESKOLE
    postcode = "8300"


class CompanyFactory(DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Virksomhed {n} ApS")
    cvr = factory.Sequence(lambda n: valid_cvr(random.Random(n)))
    municipality = factory.SubFactory(MunicipalityFactory)
    host_status = Company.HostStatus.APPROVED
    postcode = "8300"


class ProductionUnitFactory(DjangoModelFactory):
    class Meta:
        model = ProductionUnit

    company = factory.SubFactory(CompanyFactory)
    p_number = factory.Sequence(lambda n: f"{1000000000 + n}")
    name = factory.LazyAttribute(lambda unit: unit.company.name)
    municipality = factory.SubFactory(MunicipalityFactory)


class ContactPersonFactory(DjangoModelFactory):
    class Meta:
        model = ContactPerson

    name = factory.Faker("name", locale="da_DK")
    role = "Lærer"
    email = factory.Sequence(lambda n: f"kontakt{n}@example.com")
    phone = "+45 12 34 56 78"
    school = factory.SubFactory(SchoolFactory)
    company = None


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    # The reference data gives the three programmes their kind of work; tests name them by slug.
    work_kind = factory.LazyAttribute(lambda o: o.slug if o.slug in Programme.WorkKind.values else "")


class ProgrammeParticipationFactory(DjangoModelFactory):
    class Meta:
        model = ProgrammeParticipation

    programme = factory.SubFactory(ProgrammeFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    status = ProgrammeParticipation.Status.ACTIVE
    from_year = 2016


class AgreementFactory(DjangoModelFactory):
    class Meta:
        model = CooperationAgreement

    school = factory.SubFactory(SchoolFactory)
    company = factory.SubFactory(CompanyFactory, municipality=factory.SelfAttribute("..school.municipality"))
    title = factory.Sequence(lambda n: f"Samarbejde {n}")
    status = CooperationAgreement.Status.ACTIVE
    start_date = datetime.date(2025, 8, 1)
    signed_on = datetime.date(2025, 6, 15)
    # An ended agreement has the day it ended (a database constraint); by default the end of its school year.
    end_date = factory.LazyAttribute(
        lambda agreement: (
            datetime.date(agreement.start_date.year + (agreement.start_date.month >= 8), 7, 31)
            if agreement.status == CooperationAgreement.Status.ENDED
            else None
        )
    )


class HopInWeekFactory(DjangoModelFactory):
    class Meta:
        model = HopInWeek

    municipality = factory.SubFactory(MunicipalityFactory)
    school_year = 2025
    starts_on = datetime.date(2026, 3, 9)
    ends_on = datetime.date(2026, 3, 13)
    grade = 7


class SchoolClassFactory(DjangoModelFactory):
    class Meta:
        model = SchoolClass

    school = factory.SubFactory(SchoolFactory)
    school_year = 2025
    grade = 7
    name = factory.Sequence(lambda n: f"7.{n}")
    pupils = 22


class HopInHostFactory(DjangoModelFactory):
    class Meta:
        model = HopInHost

    week = factory.SubFactory(HopInWeekFactory)
    company = factory.SubFactory(CompanyFactory, municipality=factory.SelfAttribute("..week.municipality"))
    capacity = 1


class PlacementFactory(DjangoModelFactory):
    class Meta:
        model = Placement

    host = factory.SubFactory(HopInHostFactory)
    school_class = factory.SubFactory(
        SchoolClassFactory,
        school__municipality=factory.SelfAttribute("...host.week.municipality"),
        school_year=factory.SelfAttribute("..host.week.school_year"),
    )


class TutorOfferFactory(DjangoModelFactory):
    class Meta:
        model = TutorOffer

    week = factory.SubFactory(HopInWeekFactory)
    school = factory.SubFactory(
        SchoolFactory, municipality=factory.SelfAttribute("..week.municipality"), kind=School.Kind.HTX
    )
    tutors = 4


class OutreachActivityFactory(DjangoModelFactory):
    class Meta:
        model = OutreachActivity

    municipality = factory.SubFactory(MunicipalityFactory)
    step = OutreachActivity.Step.BUSINESS
    date = datetime.date(2026, 2, 1)
    audience = "Erhvervsrådet"
    reached = 12


class TeacherTrainingFactory(DjangoModelFactory):
    class Meta:
        model = TeacherTraining

    school = factory.SubFactory(SchoolFactory)
    date = datetime.date(2026, 1, 15)
    teachers_trained = 8
    subject_focus = "Fysik/kemi og teknologi"


class ResourcePersonFactory(DjangoModelFactory):
    class Meta:
        model = ResourcePerson

    name = factory.Faker("name", locale="da_DK")
    organisation = "Naturvidenskabernes Hus"
    municipality = factory.SubFactory(MunicipalityFactory)
    role = "Netværkstovholder"


class NetworkMemberFactory(DjangoModelFactory):
    class Meta:
        model = NetworkMember

    municipality = factory.SubFactory(MunicipalityFactory)
    company = factory.SubFactory(CompanyFactory, municipality=factory.SelfAttribute("..municipality"))
