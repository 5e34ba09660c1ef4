import datetime

import pytest
from django.utils import translation

from partnerships.models import Company, CooperationAgreement, Municipality, School, SchoolYearGoal
from reporting.progress import AsOfForm, overview, quick_picks, trend_days, trend_table
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    MunicipalityFactory,
    ProgrammeFactory,
    ProgrammeParticipationFactory,
    SchoolFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 15)
LONG_AGO = datetime.date(2024, 1, 1)
Status = CooperationAgreement.Status


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def overview_of(municipality, on=DAY):
    [row] = overview(Municipality.objects.filter(pk=municipality.pk), on)
    return row


def agreement_in(municipality, **kwargs):
    return AgreementFactory(school=SchoolFactory(municipality=municipality), **kwargs)


@pytest.mark.parametrize(
    ("goal", "counting", "status"),
    [(3, 3, "met"), (3, 4, "met"), (3, 2, "close"), (3, 1, "behind"), (3, 0, "behind"), (1, 0, "close")],
)
def test_goal_status_met_close_behind(municipality, goal, counting, status):
    SchoolYearGoal.objects.create(municipality=municipality, school_year=2025, target=goal)
    for _ in range(counting):
        agreement_in(municipality, start_date=LONG_AGO)
    row = overview_of(municipality)
    assert (row.counting, row.goal_status) == (counting, status)
    assert row.goal_met is (status == "met")


def test_status_is_given_in_words(municipality):
    agreement_in(municipality, start_date=LONG_AGO)
    agreement_in(municipality, start_date=LONG_AGO)
    assert overview_of(municipality).get_goal_status_display() == "Close: one agreement short"


def test_overview_counts_drafts_schools_and_hosts(municipality, other_municipality):
    counted_school = SchoolFactory(municipality=municipality)
    SchoolFactory(municipality=municipality)  # without any agreement
    SchoolFactory(municipality=municipality, active=False)  # inactive: not in the school figures
    draft_school = SchoolFactory(municipality=municipality)
    host = CompanyFactory(municipality=municipality)
    CompanyFactory(municipality=municipality)  # approved, without an agreement
    CompanyFactory(municipality=municipality, host_status=Company.HostStatus.PENDING)
    AgreementFactory(school=counted_school, company=host, start_date=LONG_AGO)
    AgreementFactory(school=draft_school, company=host, status=Status.DRAFT, start_date=LONG_AGO)
    ended = AgreementFactory(
        school=draft_school, status=Status.ENDED, start_date=LONG_AGO, end_date=DAY - datetime.timedelta(1)
    )
    agreement_in(other_municipality, start_date=LONG_AGO)

    row = overview_of(municipality)
    assert row.counting == 1
    assert row.drafts == 1
    assert (row.schools_total, row.schools_with_agreement, row.schools_without_agreement) == (3, 1, 2)
    # The ended agreement's company is an approved host of this municipality without a counting agreement.
    assert ended.company.municipality == municipality
    assert (row.hosts_total, row.hosts_with_agreement, row.hosts_without_agreement) == (3, 1, 2)


def test_overview_follows_the_as_of_date_at_the_boundaries(municipality):
    school = SchoolFactory(municipality=municipality)
    AgreementFactory(school=school, start_date=DAY, end_date=DAY + datetime.timedelta(days=30))
    before = overview_of(municipality, DAY - datetime.timedelta(days=1))
    on = overview_of(municipality, DAY)
    after_end = overview_of(municipality, DAY + datetime.timedelta(days=31))
    assert (before.counting, before.schools_with_agreement, before.hosts_with_agreement) == (0, 0, 0)
    assert (on.counting, on.schools_with_agreement, on.hosts_with_agreement) == (1, 1, 1)
    assert overview_of(municipality, DAY + datetime.timedelta(days=30)).counting == 1
    assert after_end.counting == 0


def test_overview_is_four_queries_for_all_municipalities(reference_data, django_assert_num_queries):
    for municipality in Municipality.objects.served()[:4]:
        agreement_in(municipality, start_date=LONG_AGO)
    drafted = Municipality.objects.served()[5]
    agreement_in(drafted, status=Status.DRAFT, start_date=LONG_AGO)
    agreement_in(drafted, status=Status.DRAFT, start_date=LONG_AGO)
    served = Municipality.objects.served()  # the group's 12 of Denmark's 98
    # The municipalities, their participations, the grouped counts, the grouped drafts.
    with django_assert_num_queries(4):
        rows = overview(served, DAY)
    assert len(rows) == 12
    assert sum(row.counting for row in rows) == 4
    assert sum(row.schools_with_agreement for row in rows) == 4
    assert {row.name: row.drafts for row in rows if row.drafts} == {drafted.name: 2}


def test_counts_on_several_dates_in_one_query(municipality, django_assert_num_queries):
    agreement_in(municipality, start_date=datetime.date(2024, 9, 1))
    agreement_in(municipality, start_date=datetime.date(2025, 7, 31), end_date=datetime.date(2025, 8, 1))
    days = {"a": datetime.date(2024, 7, 31), "b": datetime.date(2025, 7, 31), "c": datetime.date(2025, 8, 2)}
    with django_assert_num_queries(1):
        row = Municipality.objects.with_counts_on(days).get(pk=municipality.pk)
    assert (row.a, row.b, row.c) == (0, 2, 1)
    with django_assert_num_queries(1):  # the grouped pass of the trend tables gives the same
        counts = Municipality.objects.counts_on(days)
    assert counts[municipality.pk] == {"a": 0, "b": 2, "c": 1}
    assert counts[0] == {"a": 0, "b": 0, "c": 0}  # a municipality without agreements
    same_day = Municipality.objects.counts_on({**days, "again": days["b"]})
    assert same_day[municipality.pk]["again"] == 2  # one date under two names is counted once, shown twice


def test_the_public_page_counts_in_one_pass_over_the_agreements(reference_data, client):
    """Its figures on the date, the trend table and the frozen figures' "now" share one grouped count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    for municipality in Municipality.objects.served()[:3]:
        agreement_in(municipality, start_date=LONG_AGO)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("reporting:public_progress")).status_code == 200
    grouped = 'SELECT "partnerships_school"."municipality_id" AS "school__municipality", COUNT'
    # Not the ones by programme, nor the drafts (no count by date).
    passes = [q["sql"] for q in captured if q["sql"].startswith(grouped) and "FILTER" in q["sql"]]
    assert len(passes) == 1


def test_in_programme_lists_participants_and_other_municipalities_with_agreements(
    municipality, other_municipality
):
    programme = ProgrammeFactory()
    ProgrammeParticipationFactory(programme=programme, municipality=municipality, from_year=2017)
    agreement_in(municipality, programme=programme, start_date=LONG_AGO)
    agreement_in(municipality, programme=programme, status=Status.DRAFT, start_date=LONG_AGO)
    agreement_in(municipality, programme=None, start_date=LONG_AGO)
    agreement_in(other_municipality, programme=programme, start_date=LONG_AGO)
    agreement_in(other_municipality, programme=programme, start_date=DAY + datetime.timedelta(days=1))
    MunicipalityFactory()  # neither participant nor agreements: not listed
    rows = list(Municipality.objects.in_programme(programme, DAY))
    assert [(r.name, r.participation_status, r.from_year, r.programme_counting) for r in rows] == [
        ("Odder", "active", 2017, 1),
        ("Samsø", None, None, 1),
    ]


def test_agreement_figures_by_programme(municipality):
    programme = ProgrammeFactory(name="A-programme")
    agreement_in(municipality, programme=programme, start_date=LONG_AGO)
    agreement_in(municipality, programme=programme, status=Status.DRAFT, start_date=LONG_AGO)
    agreement_in(municipality, programme=None, start_date=DAY + datetime.timedelta(days=1))
    agreements = CooperationAgreement.objects.filter(school__municipality=municipality)
    rows = {row["programme__name"]: row for row in agreements.figures_by("programme__name", on=DAY)}
    assert rows["A-programme"]["counting"] == 1
    assert (rows["A-programme"]["draft"], rows["A-programme"]["active"], rows["A-programme"]["total"]) == (
        1,
        1,
        2,
    )
    assert (rows[None]["counting"], rows[None]["active"]) == (0, 1)
    totals = agreements.figures(on=DAY, since=LONG_AGO - datetime.timedelta(days=1))
    assert (totals["counting"], totals["counting_since"], totals["total"]) == (1, 0, 3)


def test_parties_by_counts_each_school_and_company_once_per_row(municipality, django_assert_num_queries):
    school, company = SchoolFactory(municipality=municipality), CompanyFactory(municipality=municipality)
    programme = ProgrammeFactory()
    AgreementFactory.create_batch(2, school=school, company=company, programme=programme, start_date=LONG_AGO)
    AgreementFactory(school=school, programme=programme, start_date=LONG_AGO)  # another company
    AgreementFactory(school=school, programme=programme, start_date=DAY + datetime.timedelta(days=1))
    AgreementFactory(school=school, start_date=LONG_AGO, status=Status.DRAFT)
    with django_assert_num_queries(1):
        parties = CooperationAgreement.objects.parties_by("programme", on=DAY)
    assert parties == {(programme.pk,): {"schools": 1, "companies": 2}}


def test_schools_by_kind_and_agreements_by_kind(municipality):
    folkeskole = SchoolFactory(municipality=municipality, kind=School.Kind.FOLKESKOLE)
    SchoolFactory(municipality=municipality, kind=School.Kind.FOLKESKOLE)
    gymnasium = SchoolFactory(municipality=municipality, kind=School.Kind.STX, active=False)
    AgreementFactory.create_batch(2, school=folkeskole, start_date=LONG_AGO)
    AgreementFactory(school=gymnasium, start_date=DAY)
    schools = School.objects.schools_by_kind(on=DAY)
    assert schools["folkeskole"] == {"schools": 2, "schools_with_agreement": 1}
    # An inactive school is not counted among the schools, but its agreement still counts.
    assert schools["stx"] == {"schools": 0, "schools_with_agreement": 0}
    since = DAY - datetime.timedelta(days=1)
    rows = {
        row["school__kind"]: row
        for row in CooperationAgreement.objects.figure_rows("school__kind", on=DAY, since=since)
    }
    assert (rows["folkeskole"]["counting"], rows["folkeskole"]["counting_since"]) == (2, 2)
    assert (rows["stx"]["counting"], rows["stx"]["counting_since"]) == (1, 0)


@translation.override("da")
def test_trend_days_run_from_the_first_agreements_school_year():
    days = trend_days(datetime.date(2023, 9, 1), DAY)
    assert days == [
        ("2023/24", datetime.date(2024, 7, 31)),
        ("2024/25", datetime.date(2025, 7, 31)),
        ("15.03.2026", DAY),
    ]
    assert trend_days(None, DAY) == [("15.03.2026", DAY)]
    assert len(trend_days(datetime.date(2001, 1, 1), DAY)) == 11  # ten school years at most, and the day


@translation.override("da")
def test_trend_on_31_july_is_not_repeated():
    end = datetime.date(2025, 7, 31)
    assert trend_days(datetime.date(2024, 9, 1), end) == [("31.07.2025", end)]


def test_quick_picks_are_each_finished_school_years_end_newest_first():
    assert quick_picks(datetime.date(2024, 1, 10), DAY) == [
        ("2024/25", datetime.date(2025, 7, 31)),
        ("2023/24", datetime.date(2024, 7, 31)),
    ]
    assert quick_picks(None, DAY) == []


def test_trend_table_counts_each_municipality_on_each_day(municipality, other_municipality):
    agreement_in(municipality, start_date=datetime.date(2024, 9, 1))
    agreement_in(municipality, start_date=datetime.date(2025, 9, 1))
    agreement_in(other_municipality, start_date=datetime.date(2025, 9, 1), end_date=datetime.date(2026, 1, 1))
    days = trend_days(datetime.date(2024, 9, 1), DAY)
    rows = trend_table(Municipality.objects.all(), days)
    assert [(row["name"], row["counts"]) for row in rows] == [("Odder", [1, 2]), ("Samsø", [0, 0])]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("garbage", "Enter a real date"),
        ("0000-01-01", "Enter a real date"),
        ("2026-02-30", "Enter a real date"),
        ("1999-12-31", "Choose a date from"),
        ("9999-12-31", "at most one year from today"),
    ],
)
def test_as_of_form_refuses_bad_dates_and_falls_back_to_today(value, message):
    form = AsOfForm({"on": value})
    assert not form.is_valid()
    assert message in form.errors["on"][0]
    assert form.as_of == form.today


def test_as_of_form_reads_iso_and_danish_dates():
    assert AsOfForm({"on": "2025-07-31"}).as_of == datetime.date(2025, 7, 31)
    assert AsOfForm({"on": "31.07.2025"}).as_of == datetime.date(2025, 7, 31)
    unbound = AsOfForm({"ordering": "name"})
    assert not unbound.is_bound
    assert unbound.as_of == unbound.today


def test_figures_by_with_total_gives_the_figures_of_all_from_the_rows(
    municipality, django_assert_num_queries
):
    """The municipality page's totals: the rows summed, a school or company in two rows counted once."""
    school, company = SchoolFactory(municipality=municipality), CompanyFactory(municipality=municipality)
    for programme in (ProgrammeFactory(), ProgrammeFactory(), None):
        AgreementFactory(school=school, company=company, programme=programme, start_date=LONG_AGO)
    AgreementFactory(school=school, company=company, status=Status.DRAFT, start_date=LONG_AGO)
    agreement_in(municipality, status=Status.CANCELLED, start_date=LONG_AGO)
    agreement_in(municipality, start_date=LONG_AGO, end_date=DAY - datetime.timedelta(days=1))
    agreement_in(municipality, start_date=LONG_AGO)
    agreements = CooperationAgreement.objects.filter(school__municipality=municipality)
    with django_assert_num_queries(3):
        rows, total = agreements.figures_by_with_total("programme__name", on=DAY, since=LONG_AGO)
    assert total == agreements.figures(on=DAY, since=LONG_AGO)
    assert (total["counting"], total["schools"], total["companies"]) == (4, 2, 2)
    assert sum(row["schools"] for row in rows) == 4  # the shared school is in three rows
