"""Demo records of the programmes' work for `seed_demo`: a HOP-IN week, Jet-Net steps, a school network."""

import datetime

from partnerships.models import Company, Municipality, School
from partnerships.schoolyears import SchoolYear
from programmes.hopin.models import ClassCount, HopInHost, HopInWeek, SchoolClass, TutorOffer
from programmes.hopin.services import plan_week
from programmes.models import NetworkMember, OutreachActivity, ResourcePerson, TeacherTraining

AUDIENCES = {
    OutreachActivity.Step.BUSINESS: "Erhvervsrådets bestyrelsesmøde",
    OutreachActivity.Step.LEADERS: "Skoleledermøde med ungdomsuddannelserne",
    OutreachActivity.Step.AGREEMENTS: "Workshop om samarbejdsaftaler",
}

RESOURCE_PEOPLE = [
    "Lene Sørensen",
    "Mads Kristensen",
    "Hanne Bech",
    "Jesper Mølgaard",
    "Birthe Nygaard",
    "Ole Dam",
]


def seed_programme_work(municipality: Municipality, *, today: datetime.date) -> None:
    """Create (once) the demo HOP-IN week and, where the municipality takes part, Jet-Net and network rows."""
    year = SchoolYear.containing(today)
    monday = datetime.date(year.start_year + 1, 3, 2)
    monday -= datetime.timedelta(days=monday.weekday())
    week, created = HopInWeek.objects.get_or_create(
        municipality=municipality,
        school_year=year.start_year,
        defaults={"starts_on": monday, "ends_on": monday + datetime.timedelta(days=4)},
    )
    # Figures that differ from municipality to municipality (seeded from its code, so reruns agree).
    seed = int(municipality.code)
    if created:
        schools = School.objects.filter(municipality=municipality, kind=School.Kind.FOLKESKOLE)
        for number, school in enumerate(schools.order_by("name")):
            letters = "ABCD"[: 1 + (seed + 2 * number) % 4]
            # The number of 7th-grade classes the school has: what the coverage is measured against.
            ClassCount.objects.update_or_create(
                school=school, school_year=year.start_year, grade=7, defaults={"classes": len(letters)}
            )
            for letter in letters:
                SchoolClass.objects.create(
                    school=school,
                    school_year=year.start_year,
                    grade=7,
                    name=f"7.{letter}",
                    pupils=18 + (seed + number * 5 + ord(letter)) % 9,
                )
        for company in Company.objects.approved_hosts().filter(municipality=municipality):
            HopInHost.objects.create(week=week, company=company, capacity=company.hosting_capacity)
        youth = School.objects.youth_educations().filter(municipality=municipality).first()
        if youth is not None:
            TutorOffer.objects.create(week=week, school=youth, tutors=6 + seed % 9)
        plan_week(week)
    slugs = set(municipality.participations.values_list("programme__work_kind", flat=True))
    if "jet-net" in slugs and not municipality.outreach_activities.exists():
        for number, (step, audience) in enumerate(AUDIENCES.items()):
            if number <= len(municipality.name) % 3:
                OutreachActivity.objects.create(
                    municipality=municipality,
                    step=step,
                    date=today - datetime.timedelta(days=200 - 60 * number),
                    audience=audience,
                    reached=7 + (seed * (number + 3)) % 31,
                )
    if "fremtidens-skole" in slugs and not municipality.resource_persons.exists():
        school = School.objects.primary().filter(municipality=municipality).first()
        company = Company.objects.filter(municipality=municipality).first()
        ResourcePerson.objects.create(
            name=RESOURCE_PEOPLE[seed % len(RESOURCE_PEOPLE)],
            organisation=f"{municipality.name} Kommune",
            municipality=municipality,
            role="Naturfagskoordinator",
        )
        if school is not None:
            TeacherTraining.objects.create(
                school=school,
                date=today - datetime.timedelta(days=60 + seed % 90),
                teachers_trained=3 + seed % 11,
                subject_focus="Natur/teknologi og fysik/kemi",
            )
            if seed % 2:
                TeacherTraining.objects.create(
                    school=school,
                    date=today - datetime.timedelta(days=300 + seed % 60),
                    teachers_trained=2 + seed % 5,
                    subject_focus="Matematik og teknologiforståelse",
                )
            if company is not None:
                member = NetworkMember.objects.create(municipality=municipality, company=company)
                member.schools.set([school])


def delete_programme_work() -> None:
    """Remove every record of the programmes' work (for `seed_demo --reset`)."""
    HopInWeek.objects.all().delete()
    SchoolClass.objects.all().delete()
    ClassCount.objects.all().delete()
    OutreachActivity.objects.all().delete()
    TeacherTraining.objects.all().delete()
    ResourcePerson.objects.all().delete()
    NetworkMember.objects.all().delete()
