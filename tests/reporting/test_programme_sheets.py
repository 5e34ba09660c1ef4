"""The annual workbook's Jet-Net and Fremtidens skole sheets."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from partnerships.models import Municipality, User
from partnerships.schoolyears import SchoolYear
from programmes.jetnet.models import OutreachActivity
from reporting.annual_report import AnnualReport
from reporting.programme_sheets import fremtidens_sheet, jetnet_sheet
from tests.factories import (
    AgreementFactory,
    NetworkMemberFactory,
    OutreachActivityFactory,
    ProgrammeFactory,
    ProgrammeParticipationFactory,
    ResourcePersonFactory,
    SchoolFactory,
    TeacherTrainingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

IN_YEAR = datetime.date(2024, 10, 1)  # in the school year 2024/25
BEFORE = datetime.date(2024, 7, 31)  # the last day of 2023/24


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with (
        time_machine.travel(datetime.datetime(2026, 3, 15, 12, tzinfo=datetime.UTC), tick=False),
        translation.override("en"),
    ):
        yield


def report(*municipalities) -> AnnualReport:
    return AnnualReport(SchoolYear(2024), Municipality.objects.filter(pk__in=[m.pk for m in municipalities]))


def test_jetnet_sheet_counts_the_school_years_activities_per_step(municipality, other_municipality):
    programme = ProgrammeFactory(
        name="Jet-Net Aarhus", slug="jetnet-aarhus", work_kind="jet-net"
    )  # not the default slug
    ProgrammeParticipationFactory(programme=programme, municipality=municipality)
    Step = OutreachActivity.Step
    OutreachActivityFactory(municipality=municipality, step=Step.BUSINESS, date=IN_YEAR, reached=10)
    OutreachActivityFactory(municipality=municipality, step=Step.BUSINESS, date=IN_YEAR, reached=5)
    OutreachActivityFactory(municipality=municipality, step=Step.AGREEMENTS, date=IN_YEAR, reached=2)
    OutreachActivityFactory(municipality=municipality, step=Step.LEADERS, date=BEFORE, reached=99)
    # Not taking part: left out even with activities.
    OutreachActivityFactory(municipality=other_municipality, date=IN_YEAR)

    title, headers, rows = jetnet_sheet(report(municipality, other_municipality))

    assert title == "Jet-Net"
    assert len(headers) == 1 + 2 * len(Step) + 1
    assert rows == [["Odder", 2, 15, 0, 0, 1, 2, 2]]


def test_fremtidens_sheet_has_trainings_network_and_agreements(municipality, other_municipality):
    programme = ProgrammeFactory(
        name="Sammen skaber vi fremtidens skole", slug="fremtidens-skole-2", work_kind="fremtidens-skole"
    )
    ProgrammeParticipationFactory(programme=programme, municipality=municipality)
    school = SchoolFactory(municipality=municipality)
    TeacherTrainingFactory(school=school, date=IN_YEAR, teachers_trained=6)
    TeacherTrainingFactory(school=school, date=BEFORE, teachers_trained=4)
    ResourcePersonFactory(municipality=municipality)
    NetworkMemberFactory.create_batch(2, municipality=municipality)
    AgreementFactory(school=school, programme=programme, start_date=IN_YEAR)
    AgreementFactory(school=school, start_date=IN_YEAR)  # another programme's
    ProgrammeParticipationFactory(programme=programme, municipality=other_municipality)

    title, headers, rows = fremtidens_sheet(report(municipality))

    assert title == "Fremtidens skole"
    assert headers[-1].startswith("Agreements counting on")
    assert rows == [["Odder", 6, 10, 1, 2, 1]]


def test_fremtidens_sheet_without_the_programme_is_empty(municipality):
    assert fremtidens_sheet(report(municipality))[2] == []


def test_workbook_has_both_sheets_for_the_users_municipalities(client, municipality, other_municipality):
    programme = ProgrammeFactory(
        name="Jet-Net Aarhus", slug="jetnet-aarhus", work_kind="jet-net"
    )  # not the default slug
    for m in (municipality, other_municipality):
        ProgrammeParticipationFactory(programme=programme, municipality=m)
    AgreementFactory(school=SchoolFactory(municipality=municipality), start_date=IN_YEAR)  # makes 2024/25
    client.force_login(UserFactory(role=User.Role.COORDINATOR, municipalities=[municipality]))

    response = client.get(reverse("reporting:annual_report_xlsx", args=[2024]))

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[-2:] == ["Jet-Net", "Fremtidens skole"]
    assert [row[0] for row in workbook["Jet-Net"].iter_rows(min_row=2, values_only=True)] == ["Odder"]
    # The download is named after the programme.
    csv = client.get(reverse("reporting:annual_report_csv", args=[2024, "jetnet-aarhus"]))
    assert csv.status_code == 200
    assert "Odder" in csv.content.decode("utf-8-sig")
    assert "Samsø" not in csv.content.decode("utf-8-sig")
