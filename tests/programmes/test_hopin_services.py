"""Running the plan on the database, moving by hand, publishing with emails, coverage."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from programmes.hopin.figures import hopin_coverage, latest_hopin_weeks
from programmes.hopin.models import HopInWeek, Placement
from programmes.hopin.publication import publish_plan
from programmes.hopin.services import add_approved_hosts, move_class, plan_week
from tests.factories import (
    CompanyFactory,
    ContactPersonFactory,
    HopInHostFactory,
    HopInWeekFactory,
    PlacementFactory,
    ProgrammeFactory,
    SchoolClassFactory,
    SchoolFactory,
    TutorOfferFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_a(municipality):
    return SchoolFactory(municipality=municipality, name="Bakkeskolen", postcode="8300")


def test_plan_places_classes_by_wish_and_explains_the_rest(week, school_a):
    host_1 = HopInHostFactory(week=week, capacity=1, company__postcode="8300")
    host_2 = HopInHostFactory(week=week, capacity=1, company__postcode="8000")
    wishing = SchoolClassFactory(school=school_a, name="7.A", wish_1=host_2.company)
    second = SchoolClassFactory(school=school_a, name="7.B")
    third = SchoolClassFactory(school=school_a, name="7.C")
    other_grade = SchoolClassFactory(school=school_a, name="6.A", grade=6)

    with translation.override("en"):
        summary = plan_week(week)

    assert Placement.objects.get(school_class=wishing).host == host_2
    # 7.B and 7.C are alike: the planner's seeded tie-break places one of them with the near host.
    near = Placement.objects.get(host=host_1).school_class
    assert near in (second, third)
    assert not Placement.objects.filter(school_class=other_grade).exists()
    assert (summary.placed, summary.total, summary.new, summary.kept) == (2, 3, 2, 0)
    assert summary.unplaced == [
        ({second, third}.difference([near]).pop(), "Too little capacity: every host is full.")
    ]
    assert summary.free_total == 0
    assert summary.coverage == 67


def test_dry_run_saves_nothing(week, school_a):
    HopInHostFactory(week=week, capacity=2)
    SchoolClassFactory(school=school_a)
    summary = plan_week(week, dry_run=True)
    assert summary.placed == 1
    assert not Placement.objects.exists()


def test_rerun_keeps_locked_and_replans_the_rest(week, school_a):
    host_1 = HopInHostFactory(week=week, capacity=1, company__postcode="9999")
    host_2 = HopInHostFactory(week=week, capacity=1, company__postcode="8300")
    a = SchoolClassFactory(school=school_a, name="7.A")
    b = SchoolClassFactory(school=school_a, name="7.B")
    move_class(a, host_2)  # by hand: locked, although 7.A would have got the near host anyway
    plan_week(week)
    assert Placement.objects.get(school_class=a).host == host_2
    assert Placement.objects.get(school_class=a).locked
    assert Placement.objects.get(school_class=b).host == host_1
    summary = plan_week(week)
    assert (summary.kept, summary.new) == (1, 1)
    assert Placement.objects.count() == 2


def test_plan_is_deterministic(week, school_a):
    for n in range(6):
        HopInHostFactory(week=week, capacity=1 + n % 2, company__postcode=f"83{n}0")
    for n in range(8):
        SchoolClassFactory(school=school_a, name=f"7.{n}")
    plan_week(week)
    first = dict(Placement.objects.values_list("school_class", "host"))
    plan_week(week)
    assert dict(Placement.objects.values_list("school_class", "host")) == first


def test_moving_into_a_full_host_is_refused(week, school_a):
    host = HopInHostFactory(week=week, capacity=1)
    PlacementFactory(host=host)
    school_class = SchoolClassFactory(school=school_a)
    with translation.override("en"), pytest.raises(ValidationError, match="full"):
        move_class(school_class, host)
    assert not Placement.objects.filter(school_class=school_class).exists()


def test_moving_within_the_same_host_is_allowed(week):
    placement = PlacementFactory(host__week=week, host__capacity=1)
    moved = move_class(placement.school_class, placement.host)
    assert moved.pk == placement.pk and moved.locked


def test_tutors_are_spread_over_placed_classes(week, school_a):
    HopInHostFactory(week=week, capacity=4)
    for n in range(4):
        SchoolClassFactory(school=school_a, name=f"7.{n}")
    offer = TutorOfferFactory(week=week, tutors=6)
    plan_week(week)
    tutors = list(Placement.objects.values_list("tutor_school", "tutors"))
    assert sum(count for _s, count in tutors) == 6
    assert {school for school, _c in tutors} == {offer.school_id}


def test_add_approved_hosts_skips_existing_and_unapproved(week, municipality):
    existing = HopInHostFactory(week=week)
    CompanyFactory(municipality=municipality, hosting_capacity=3)
    CompanyFactory(municipality=municipality, host_status="pending")
    assert add_approved_hosts(week) == 1
    assert week.hosts.count() == 2
    assert week.hosts.exclude(pk=existing.pk).get().capacity == 3
    assert add_approved_hosts(week) == 0


def test_coverage_per_municipality_for_a_school_year(municipality, other_municipality):
    week = HopInWeekFactory(municipality=municipality)
    school = SchoolFactory(municipality=municipality)
    placed = PlacementFactory(host__week=week, school_class__school=school)
    SchoolClassFactory(school=school)
    SchoolClassFactory(school=school, grade=6)  # another grade does not count
    SchoolClassFactory(school=school, school_year=2024)  # nor another year
    SchoolClassFactory(school=SchoolFactory(municipality=other_municipality))
    empty = HopInWeekFactory(municipality=other_municipality, grade=6)
    HopInWeekFactory(municipality=other_municipality, school_year=2024)

    rows = {w.municipality_id: w for w in hopin_coverage(2025)}
    assert (rows[municipality.pk].classes_placed, rows[municipality.pk].classes_total) == (1, 2)
    assert rows[municipality.pk].coverage == 50
    assert (rows[other_municipality.pk].classes_total, rows[other_municipality.pk].coverage) == (0, None)
    assert placed.host.week == week
    assert list(latest_hopin_weeks()) == [week, empty]


def test_coverage_query_count_does_not_grow(municipality, other_municipality, django_assert_num_queries):
    for m in (municipality, other_municipality):
        week = HopInWeekFactory(municipality=m)
        PlacementFactory.create_batch(3, host__week=week)
    with django_assert_num_queries(1):
        assert [w.coverage for w in hopin_coverage(2025)] == [100, 100]


def test_publish_sends_each_host_and_school_their_part(week, school_a, settings):
    settings.SITE_URL = "https://portal.example"
    ProgrammeFactory(slug="hop-in")  # the programme doing HOP-IN's kind of work, which the emails link to
    host = HopInHostFactory(week=week, company__name="Odder Stål A/S")
    ContactPersonFactory(school=None, company=host.company, email="stal@example.com")
    ContactPersonFactory(school=school_a, email="skole@example.com")
    quiet_school = SchoolFactory(municipality=week.municipality, name="Stilleskolen")
    PlacementFactory(host=host, school_class__school=school_a, school_class__name="7.A")
    host.capacity = 2
    host.save()
    PlacementFactory(host=host, school_class__school=quiet_school, school_class__name="7.Q")

    result = publish_plan(week)

    assert result.sent == 2
    assert result.schools_without_email == ["Stilleskolen"]
    by_recipient = {message.to[0]: message for message in mail.outbox}
    host_mail = by_recipient["stal@example.com"]
    assert "7.A" in host_mail.body and "7.Q" in host_mail.body
    assert f"https://portal.example/programmes/weeks/{week.pk}/print/hosts/{host.pk}/" in host_mail.body
    school_mail = by_recipient["skole@example.com"]
    assert "Odder Stål A/S" in school_mail.body and "7.Q" not in school_mail.body
    assert "https://portal.example/programmes/hop-in/" in school_mail.body
    assert "HOP-IN" in school_mail.subject
    week.refresh_from_db()
    assert week.published_at is not None


def test_publishing_an_empty_plan_is_refused(week):
    with pytest.raises(ValidationError):
        publish_plan(week)
    assert not mail.outbox
    assert HopInWeek.objects.get(pk=week.pk).published_at is None
