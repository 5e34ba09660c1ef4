import datetime

import pytest

from partnerships.models import CooperationAgreement, Municipality, SchoolYearGoal
from partnerships.schoolyears import SchoolYear
from tests.factories import AgreementFactory, MunicipalityFactory, ProgrammeFactory, SchoolFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 15)
Status = CooperationAgreement.Status


def counting(municipality, on=DAY):
    return Municipality.objects.with_goal_progress(on).get(pk=municipality.pk).counting


def agreement_in(municipality, **kwargs):
    return AgreementFactory(school=SchoolFactory(municipality=municipality), **kwargs)


def test_active_started_agreement_counts(municipality):
    agreement_in(municipality, start_date=DAY - datetime.timedelta(days=30))
    assert counting(municipality) == 1


@pytest.mark.parametrize("status", [Status.DRAFT, Status.CANCELLED])
def test_agreements_never_agreed_do_not_count(municipality, status):
    agreement_in(municipality, status=status, start_date=DAY - datetime.timedelta(days=30))
    assert counting(municipality) == 0


def test_agreement_not_yet_started_does_not_count(municipality):
    agreement_in(municipality, start_date=DAY + datetime.timedelta(days=1))
    assert counting(municipality) == 0


def test_agreement_already_ended_does_not_count(municipality):
    agreement_in(
        municipality, start_date=datetime.date(2025, 1, 1), end_date=DAY - datetime.timedelta(days=1)
    )
    assert counting(municipality) == 0


def test_boundary_dates_count_inclusively(municipality):
    agreement_in(municipality, start_date=DAY, end_date=DAY + datetime.timedelta(days=10))
    agreement_in(municipality, start_date=datetime.date(2025, 1, 1), end_date=DAY)
    assert counting(municipality) == 2
    assert counting(municipality, DAY - datetime.timedelta(days=1)) == 1
    assert counting(municipality, DAY + datetime.timedelta(days=1)) == 1


def test_municipality_without_agreements_shows_zero(municipality):
    progress = Municipality.objects.with_goal_progress(DAY).get(pk=municipality.pk)
    assert progress.counting == 0
    assert progress.goal_met is False


def test_goal_is_met_at_the_municipality_target(municipality):
    SchoolYearGoal.objects.create(municipality=municipality, school_year=2025, target=2)
    agreement_in(municipality, start_date=datetime.date(2025, 1, 1))
    assert Municipality.objects.with_goal_progress(DAY).get(pk=municipality.pk).goal_met is False
    agreement_in(municipality, start_date=datetime.date(2025, 1, 1))
    assert Municipality.objects.with_goal_progress(DAY).get(pk=municipality.pk).goal_met is True


def test_default_goal_is_three(municipality):
    assert Municipality.objects.with_goal(DAY).get(pk=municipality.pk).agreement_goal == 3
    assert municipality.goal_for(SchoolYear(2025)) == 3


def test_agreements_count_for_their_schools_municipality_only(municipality, other_municipality):
    agreement_in(municipality, start_date=datetime.date(2025, 1, 1))
    assert counting(municipality) == 1
    assert counting(other_municipality) == 0


def test_one_query_for_all_of_denmarks_municipalities(reference_data, django_assert_num_queries):
    for municipality in Municipality.objects.all()[:6]:
        agreement_in(municipality, start_date=datetime.date(2025, 1, 1))
    with django_assert_num_queries(1):
        rows = list(Municipality.objects.with_goal_progress(DAY))
    assert len(rows) == 98
    assert sum(row.counting for row in rows) == 6


def test_counting_programmes_come_from_settings(municipality, settings):
    programme = ProgrammeFactory(slug="jet-net")
    agreement_in(municipality, start_date=datetime.date(2025, 1, 1), programme=programme)
    agreement_in(municipality, start_date=datetime.date(2025, 1, 1), programme=None)
    agreement_in(municipality, start_date=datetime.date(2025, 1, 1), end_date=DAY, status=Status.ENDED)
    assert counting(municipality) == 3  # ended on DAY: counts through its last day
    settings.GOAL_PROGRAMME_SLUGS = ["jet-net"]
    assert counting(municipality) == 1


def test_queryset_and_model_agree_on_the_rule(municipality):
    cases = [
        agreement_in(municipality, start_date=DAY),
        agreement_in(municipality, start_date=DAY + datetime.timedelta(days=1)),
        agreement_in(
            municipality, start_date=datetime.date(2025, 1, 1), end_date=DAY - datetime.timedelta(days=1)
        ),
        agreement_in(municipality, start_date=datetime.date(2025, 1, 1), status=Status.DRAFT),
    ]
    counted = set(CooperationAgreement.objects.counting(DAY).values_list("pk", flat=True))
    assert counted == {agreement.pk for agreement in cases if agreement.counts_on(DAY)}
    assert counted == {cases[0].pk}


def test_several_agreements_of_one_school_all_count(municipality):
    school = SchoolFactory(municipality=municipality)
    AgreementFactory.create_batch(3, school=school, start_date=datetime.date(2025, 1, 1))
    assert counting(municipality) == 3
    other = MunicipalityFactory()
    assert counting(other) == 0
