import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from partnerships.models import Municipality, Programme, School, User
from partnerships.schoolyears import SchoolYear
from reporting.annual_report import AnnualReport, report_years
from reporting.freezing import freeze_ended_years
from reporting.programme_sheets import jetnet_sheet
from tests.factories import (
    AgreementFactory,
    HopInWeekFactory,
    PlacementFactory,
    ProgrammeFactory,
    SchoolClassFactory,
    SchoolFactory,
    UserFactory,
)
from tests.reporting.test_progress_views import constant_queries

pytestmark = pytest.mark.django_db

START = datetime.date(2024, 8, 1)
END = datetime.date(2025, 7, 31)


@pytest.fixture(autouse=True)
def _today(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with (
        time_machine.travel(datetime.datetime(2026, 3, 15, 12, tzinfo=datetime.UTC), tick=False),
        translation.override("en"),
    ):
        yield


@pytest.fixture
def coordinator(municipality):
    return UserFactory(role=User.Role.COORDINATOR, municipalities=[municipality])


@pytest.fixture
def viewer(db):
    return UserFactory(role=User.Role.VIEWER)


@pytest.fixture
def cases(municipality, other_municipality):
    """Hand-built agreements around the 2024/25 school year (1 August 2024 – 31 July 2025)."""
    programme = ProgrammeFactory(name="Jet-Net", slug="jet-net")
    gymnasium = SchoolFactory(municipality=municipality, kind=School.Kind.STX)
    folkeskole = SchoolFactory(municipality=municipality, kind=School.Kind.FOLKESKOLE)
    SchoolFactory(municipality=municipality, kind=School.Kind.FOLKESKOLE)  # no agreement
    # counts on both days
    AgreementFactory(school=gymnasium, programme=programme, start_date=datetime.date(2024, 1, 1))
    # starts on the last day: counts only at the end
    AgreementFactory(school=folkeskole, programme=programme, start_date=END)
    # ends on the first day: counts only at the start
    AgreementFactory(school=folkeskole, start_date=datetime.date(2024, 1, 1), end_date=START)
    # ended before the school year: counts on neither day
    AgreementFactory(
        school=folkeskole,
        start_date=datetime.date(2024, 1, 1),
        end_date=START - datetime.timedelta(days=1),
        status="ended",
    )
    # starts the day after the school year: counts on neither day
    AgreementFactory(school=folkeskole, start_date=END + datetime.timedelta(days=1))
    AgreementFactory(
        school=SchoolFactory(municipality=other_municipality), start_date=datetime.date(2024, 1, 1)
    )
    return programme


def test_report_figures_for_a_school_year(cases, municipality):
    report = AnnualReport(SchoolYear(2024), Municipality.objects.filter(pk=municipality.pk))
    _title, _headers, rows = report.municipality_sheet()
    assert [row[:8] for row in rows] == [["Odder", "0727", 3, 2, 2, 0, "No", "Close: one agreement short"]]
    assert rows[0][9:12] == [3, 2, 1]  # schools, with, without

    _title, headers, rows = report.programme_sheet()
    by_name = {row[0]: dict(zip(headers, row, strict=True)) for row in rows}
    assert by_name["Jet-Net"]["Counting on 01.08.2024"] == 1
    assert by_name["Jet-Net"]["Counting on 31.07.2025"] == 2
    assert by_name["No programme"]["Counting on 01.08.2024"] == 1
    assert by_name["No programme"]["Counting on 31.07.2025"] == 0
    jet_net = by_name["Jet-Net"]
    assert (jet_net["Schools with an agreement"], jet_net["Companies with an agreement"]) == (2, 2)
    assert by_name["No programme"]["Schools with an agreement"] == 0

    _title, _headers, rows = report.school_kind_sheet()
    assert rows == [
        ["Folkeskole (municipal school)", 2, 1, 1, 1, 1],
        ["STX (upper secondary school)", 1, 1, 0, 1, 1],
    ]


def test_running_school_year_ends_today(cases, municipality):
    report = AnnualReport(SchoolYear(2025), Municipality.objects.filter(pk=municipality.pk))
    assert report.end == datetime.date(2026, 3, 15)
    assert report.municipality_sheet()[2][0][3:5] == [3, 3]


def test_report_years_run_from_the_first_agreement_to_the_current_year():
    assert [year.label for year in report_years(datetime.date(2023, 9, 1))] == [
        "2025/26",
        "2024/25",
        "2023/24",
    ]
    assert [year.label for year in report_years(None)] == ["2025/26"]


def test_coordinator_workbook_covers_own_municipality_only(client, coordinator, cases):
    client.force_login(coordinator)
    response = client.get(reverse("reporting:annual_report_xlsx", args=[2024]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Municipalities",
        "Programmes",
        "School kinds",
        "HOP-IN",
        "Jet-Net",
        "Fremtidens skole",
    ]
    rows = list(workbook["Municipalities"].iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["Odder"]
    assert rows[1][3:6] == (2, 2, 0)
    programmes = {row[0]: row for row in workbook["Programmes"].iter_rows(values_only=True)}
    assert programmes["No programme"][2:4] == (1, 0)  # Samsø's agreement is left out


def test_viewer_workbook_covers_all_municipalities(client, viewer, cases):
    client.force_login(viewer)
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("reporting:annual_report_xlsx", args=[2024])).content)
    )
    rows = list(workbook["Municipalities"].iter_rows(values_only=True))
    assert [(row[0], row[4]) for row in rows[1:]] == [("Odder", 2), ("Samsø", 1)]


@pytest.mark.parametrize("sheet", ["municipalities", "programmes", "school-kinds", "hop-in"])
def test_csv_matches_the_page(client, viewer, cases, sheet):
    client.force_login(viewer)
    response = client.get(reverse("reporting:annual_report_csv", args=[2024, sheet]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    page = client.get(reverse("reporting:annual_report"), {"year": "2024"}).content.decode()
    for row in rows[1:]:
        assert f'<th scope="row">{row[0]}</th>' in page
        assert "".join(f"<td>{value}</td>" for value in row[1:4]) in page.replace("\n", "").replace("  ", "")


def test_page_shows_the_chosen_year_and_handles_bad_input(client, viewer, cases):
    client.force_login(viewer)
    body = client.get(reverse("reporting:annual_report"), {"year": "2024"}).content.decode()
    assert body.count("<h1") == 1
    assert "2024/25" in body and reverse("reporting:annual_report_xlsx", args=[2024]) in body
    for bad in ("abc", "1850", "0"):
        response = client.get(reverse("reporting:annual_report"), {"year": bad})
        assert response.status_code == 200
        assert "Choose one of the school years in the list." in response.content.decode()
        assert reverse("reporting:annual_report_xlsx", args=[2025]) in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        reverse("reporting:annual_report_xlsx", args=[1850]),
        reverse("reporting:annual_report_csv", args=[2030, "municipalities"]),
        reverse("reporting:annual_report_csv", args=[2024, "people"]),
    ],
)
def test_unknown_year_or_sheet_is_404(client, viewer, cases, url):
    client.force_login(viewer)
    assert client.get(url).status_code == 404


def test_company_user_cannot_download(client, cases, company):
    client.force_login(UserFactory(role=User.Role.COMPANY, company=company))
    assert client.get(reverse("reporting:annual_report_xlsx", args=[2024])).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        reverse("reporting:annual_report") + "?year=2024",
        reverse("reporting:annual_report_xlsx", args=[2024]),
        reverse("reporting:annual_report_csv", args=[2024, "programmes"]),
    ],
)
def test_report_queries_do_not_grow(client, viewer, reference_data, url):
    school = SchoolFactory(municipality=Municipality.objects.served().first())
    AgreementFactory(school=school, start_date=START)
    freeze_ended_years()
    # Recorded after 2024/25 was frozen: a correction shown beside the reported figures, at both sizes.
    AgreementFactory(school=school, start_date=START)
    client.force_login(viewer)
    constant_queries(client, url, cached=True)


def test_hopin_sheet_shows_coverage_of_the_weeks_grade(client, coordinator, municipality, other_municipality):
    week = HopInWeekFactory(municipality=municipality, school_year=2024, grade=7)
    school = SchoolFactory(municipality=municipality)
    PlacementFactory(host__week=week, school_class__school=school)
    PlacementFactory(host__week=week, school_class__school=school)
    SchoolClassFactory(school=school, school_year=2024, grade=7)  # not placed
    SchoolClassFactory(school=school, school_year=2024, grade=6)  # another grade: not counted
    HopInWeekFactory(municipality=other_municipality, school_year=2024)  # not the coordinator's
    AgreementFactory(school=school, start_date=datetime.date(2024, 9, 1))  # reports begin with the first
    client.force_login(coordinator)
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("reporting:annual_report_xlsx", args=[2024])).content)
    )
    rows = list(workbook["HOP-IN"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Municipality", "First day", "Last day")
    assert [row[0] for row in rows[1:]] == ["Odder"]
    assert rows[1][3:7] == (7, 3, 2, 67)


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_a_programme_sheet_is_named_and_labelled_after_the_programme_doing_that_work(client, viewer, cases):
    cases.name, cases.slug = "Tektanken", "tektanken"  # Jet-Net's kind of work under its new name
    cases.save()
    ProgrammeFactory(name="HOP-IN i Odder", slug="hands-on", work_kind=Programme.WorkKind.HOPIN)
    client.force_login(viewer)
    response = client.get(reverse("reporting:annual_report"), {"year": "2024"})
    assert response.context["csv_sheets"] == {
        "municipalities": "Municipalities",
        "programmes": "Programmes",
        "school-kinds": "School kinds",
        "hands-on": "HOP-IN i Odder",
        "tektanken": "Tektanken",
        "fremtidens-skole": str(Programme.WorkKind.FREMTIDENS.label),  # no programme does that work
    }
    link = reverse("reporting:annual_report_csv", args=[2024, "tektanken"])
    assert f'href="{link}">Tektanken</a>' in response.content.decode()
    report = AnnualReport(SchoolYear(2024), Municipality.objects.all())
    assert csv_rows(client.get(link))[0] == [str(header) for header in jetnet_sheet(report)[1]]
    assert csv_rows(client.get(reverse("reporting:annual_report_csv", args=[2024, "hands-on"])))[0][:3] == [
        "Municipality",
        "First day",
        "Last day",
    ]
    assert client.get(reverse("reporting:annual_report_csv", args=[2024, "jet-net"])).status_code == 404


def test_a_programme_whose_slug_is_a_fixed_sheets_name_gets_its_sheet_under_its_kind(client, viewer, cases):
    cases.slug = "programmes"
    cases.save()
    client.force_login(viewer)
    names = client.get(reverse("reporting:annual_report"), {"year": "2024"}).context["csv_sheets"]
    assert list(names) == [
        "municipalities",
        "programmes",
        "school-kinds",
        "hop-in",
        "jet-net",
        "fremtidens-skole",
    ]
    assert names["programmes"] == "Programmes" and names["jet-net"] == "Jet-Net"
