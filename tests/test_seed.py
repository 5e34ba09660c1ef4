import pytest
from django.core.management import call_command

from partnerships.fields import validate_cvr
from partnerships.models import (
    Company,
    ContactPerson,
    CooperationAgreement,
    Municipality,
    MunicipalityGroup,
    Programme,
    Region,
    School,
    User,
)

pytestmark = pytest.mark.django_db

EXPECTED_CODES = {
    "Aarhus": "0751", "Favrskov": "0710", "Hedensted": "0766", "Horsens": "0615",
    "Norddjurs": "0707", "Odder": "0727", "Randers": "0730", "Samsø": "0741",
    "Silkeborg": "0740", "Skanderborg": "0746", "Syddjurs": "0706", "Viborg": "0791",
}  # fmt: skip

EXPECTED_PARTICIPANTS = {
    "hop-in": {"Hedensted", "Syddjurs", "Odder", "Skanderborg"},
    "jet-net": {"Viborg", "Horsens", "Hedensted", "Silkeborg", "Syddjurs"},
    "fremtidens-skole": {"Norddjurs", "Viborg", "Odder", "Randers", "Favrskov", "Syddjurs"},
}


def test_seed_reference_twice_gives_denmarks_municipalities_the_default_group_and_three_programmes():
    call_command("seed_reference", verbosity=0)
    call_command("seed_reference", verbosity=0)
    assert Municipality.objects.count() == 98
    assert not Municipality.objects.filter(code="0411").exists()  # Christiansø is no municipality
    assert Region.objects.count() == 5
    assert Municipality.objects.filter(region__isnull=True).count() == 0
    assert Municipality.objects.filter(region__code="1081").count() == 11
    assert Municipality.objects.get(code="0101").name == "København"
    group = MunicipalityGroup.objects.get()
    assert group.is_default
    assert dict(group.municipalities.values_list("name", "code")) == EXPECTED_CODES
    assert dict(Municipality.objects.served().values_list("name", "code")) == EXPECTED_CODES
    assert {m.region.name for m in group.municipalities.all()} == {"Region Midtjylland"}
    assert set(Municipality.objects.with_goal().values_list("agreement_goal", flat=True)) == {3}
    assert Programme.objects.count() == 3
    for slug, names in EXPECTED_PARTICIPANTS.items():
        programme = Programme.objects.get(slug=slug)
        assert set(programme.municipalities.values_list("name", flat=True)) == names


def test_seed_reference_records_programme_facts():
    call_command("seed_reference", verbosity=0)
    fremtidens_skole = Programme.objects.get(slug="fremtidens-skole")
    assert fremtidens_skole.funding_dkk == 6_600_000
    assert fremtidens_skole.coordinator == "Naturvidenskabernes Hus"
    assert fremtidens_skole.start_year == 2016
    jet_net = Programme.objects.get(slug="jet-net")
    assert jet_net.coordinator == "Naturvidenskabernes Hus"
    hop_in = Programme.objects.get(slug="hop-in")
    pilots = hop_in.participations.filter(status="pilot").values_list("municipality__name", flat=True)
    assert set(pilots) == {"Syddjurs", "Odder", "Skanderborg"}


def test_seed_demo_twice_creates_no_duplicates(demo_data):
    counts = [m.objects.count() for m in (School, Company, ContactPerson, CooperationAgreement, User)]
    call_command("seed_demo", verbosity=0)
    assert [m.objects.count() for m in (School, Company, ContactPerson, CooperationAgreement, User)] == counts


def test_seed_demo_covers_every_municipality_kind_status_and_goal_position(demo_data):
    assert set(School.objects.values_list("kind", flat=True)) == set(School.Kind.values)
    assert set(CooperationAgreement.objects.values_list("status", flat=True)) == set(
        CooperationAgreement.Status.values
    )
    for company in Company.objects.all():
        validate_cvr(company.cvr)
    progress = list(Municipality.objects.served().with_goal_progress())
    assert all(row.schools.exists() and row.companies.exists() for row in progress)
    positions = {
        (row.counting > row.agreement_goal) - (row.counting < row.agreement_goal) for row in progress
    }
    assert positions == {-1, 0, 1}


@pytest.mark.slow
def test_seed_demo_reset_starts_afresh(demo_data):
    count = CooperationAgreement.objects.count()
    call_command("seed_demo", reset=True, verbosity=0)
    assert CooperationAgreement.objects.count() == count


def test_seed_demo_prints_the_demo_logins(demo_data, capsys):
    call_command("seed_demo")  # a second run, as `make run` does each time
    out = capsys.readouterr().out
    assert "koordinator@example.com" in out
    assert User.objects.get(email="koordinator@example.com").check_password("demo-adgang-2026")


def test_seed_reference_keeps_a_group_an_administrator_changed():
    call_command("seed_reference", verbosity=0)
    group = MunicipalityGroup.objects.get()
    group.municipalities.remove(Municipality.objects.get(code="0741"))
    group.name = "Østjylland"
    group.save()
    call_command("seed_reference", verbosity=0)
    group.refresh_from_db()
    assert group.name == "Østjylland"
    assert group.municipalities.count() == 11


def test_seed_demo_is_plausible_and_the_municipalities_differ(demo_data):
    from django.db.models import Count, Sum

    from demo.management.commands.seed_demo import THEMES
    from partnerships.schoolyears import SchoolYear
    from programmes.hopin.models import SchoolClass
    from programmes.models import OutreachActivity, TeacherTraining

    agreements = CooperationAgreement.objects.all()
    assert {a.title: a.activities for a in agreements}.items() <= THEMES.items()  # written text, no Faker
    current = SchoolYear.current()
    for year in current.previous(3):  # every school year of the trend has counting agreements, 2024/25 too
        assert agreements.counting(year.last_day).exists(), year.label
    classes = (
        SchoolClass.objects.values("school__municipality").annotate(n=Count("pk")).values_list("n", flat=True)
    )
    assert len(set(classes)) > 2
    reached = (
        OutreachActivity.objects.values("municipality").annotate(n=Sum("reached")).values_list("n", flat=True)
    )
    assert len(set(reached)) > 2
    trained = TeacherTraining.objects.values("school__municipality").annotate(n=Sum("teachers_trained"))
    assert len({row["n"] for row in trained}) > 2


def test_seed_demo_email_addresses_are_plain_ascii(demo_data):
    for email in ContactPerson.objects.values_list("email", flat=True):
        assert email.isascii(), email
