"""Frozen school-year figures: stored once after 31 July, shown by the annual report and the trend, with
later corrections beside them; carried by export/import; and cached figures never stale after a save."""

import csv
import datetime
import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from partnerships.models import CooperationAgreement, Municipality, SchoolYearGoal, User
from partnerships.schoolyears import SchoolYear
from partnerships.services import cancel_agreement, end_agreement
from reporting.annual_report import AnnualReport
from reporting.freezing import fingerprint, freeze_school_year, years_to_freeze
from reporting.models import FrozenFigure, FrozenProgrammeFigure
from reporting.progress import trend_days, trend_table
from tests.factories import AgreementFactory, ProgrammeFactory, SchoolFactory, UserFactory
from tests.test_backup import flush

pytestmark = pytest.mark.django_db

YEAR = SchoolYear(2024)  # 1 August 2024 – 31 July 2025
CLOSE_DAY = datetime.datetime(2025, 8, 1, 6, tzinfo=datetime.UTC)
NEXT_YEAR = datetime.datetime(2026, 3, 15, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def viewer(db):
    return UserFactory(role=User.Role.VIEWER)


@pytest.fixture
def randers_year(municipality):
    """Three agreements in force on 31 July 2025, one programme; frozen on 1 August 2025."""
    programme = ProgrammeFactory(name="Jet-Net", slug="jet-net")
    agreements = [
        AgreementFactory(
            school=SchoolFactory(municipality=municipality),
            programme=programme if n < 2 else None,
            start_date=datetime.date(2024, 9, 1),
        )
        for n in range(3)
    ]
    with time_machine.travel(CLOSE_DAY, tick=False):
        assert freeze_school_year(YEAR) == 1
    return agreements


def test_freezing_stores_the_figures_per_municipality_and_programme(municipality, randers_year):
    figure = FrozenFigure.objects.get(school_year=2024, municipality=municipality)
    assert (figure.goal, figure.counting_at_start, figure.counting_at_end) == (3, 0, 3)
    assert sorted(figure.agreement_ids) == sorted(a.pk for a in randers_year)
    by_programme = {
        row.programme.name if row.programme else None: row.counting_at_end for row in figure.programmes.all()
    }
    assert by_programme == {"Jet-Net": 2, None: 1}


def test_freezing_is_idempotent_and_refuses_a_running_year(municipality, randers_year):
    with time_machine.travel(NEXT_YEAR, tick=False):
        assert freeze_school_year(YEAR) == 0
        call_command("freeze_school_year", "2024/25", verbosity=0)
        assert FrozenFigure.objects.count() == 1
        with pytest.raises(ValueError):
            freeze_school_year(SchoolYear(2025))


def test_command_freezes_every_ended_year_once(municipality):
    AgreementFactory(school=SchoolFactory(municipality=municipality), start_date=datetime.date(2023, 9, 1))
    with time_machine.travel(NEXT_YEAR, tick=False):
        assert [y.label for y in years_to_freeze()] == ["2023/24", "2024/25"]
        out = io.StringIO()
        call_command("freeze_school_year", stdout=out)
        assert "2023/24" in out.getvalue() and "2024/25" in out.getvalue()
        assert years_to_freeze() == []
        call_command("freeze_school_year", stdout=out)
        assert FrozenFigure.objects.count() == 2


def test_reported_figures_stay_and_corrections_show_beside_them(municipality, randers_year, coordinator):
    with time_machine.travel(NEXT_YEAR, tick=False):
        # After the year closed: one agreement recorded late, one cancelled, one ended (after the year).
        late = AgreementFactory(
            school=SchoolFactory(municipality=municipality), start_date=datetime.date(2025, 2, 1)
        )
        cancel_agreement(randers_year[0], user=coordinator, reason="Aldrig underskrevet")
        end_agreement(randers_year[1], user=coordinator, end_date=datetime.date(2025, 12, 31))
        SchoolYearGoal.objects.create(municipality=municipality, school_year=2025, target=5)

        report = AnnualReport(YEAR, Municipality.objects.filter(pk=municipality.pk))
        _title, headers, rows = report.municipality_sheet()
        row = dict(zip(headers, rows[0], strict=True))
        assert row["Goal"] == 3  # raising 2025/26's goal left 2024/25 as it was
        assert row["Counting on 31.07.2025"] == 3  # as reported
        assert row["Counting on 31.07.2025 now"] == 3  # one added, one cancelled
        assert row["Goal met"] == "Yes"
        correction = AnnualReport(YEAR, Municipality.objects.all()).corrections[municipality.pk]
        assert (correction.reported, correction.now) == (3, 3)
        assert correction.added == [late] and correction.removed == [randers_year[0]]

        cancel_agreement(late, user=coordinator, reason="Forkert år")
        report = AnnualReport(YEAR, Municipality.objects.filter(pk=municipality.pk))
        _title, headers, rows = report.municipality_sheet()
        row = dict(zip(headers, rows[0], strict=True))
        assert (row["Counting on 31.07.2025"], row["Counting on 31.07.2025 now"]) == (3, 2)
        assert row["Corrected after the year closed"] == "reported 3, now 2"
        assert row["Goal met"] == "Yes"  # the report says what was reported; the correction is beside it


def test_an_uncorrected_year_reads_no_agreement_ids(municipality, randers_year, django_assert_num_queries):
    """The fingerprints of the frozen and the live agreements agree (SQL and Python alike) while nothing
    changed: no agreement ids are read, and there is no correction; a late agreement makes one."""
    with time_machine.travel(NEXT_YEAR, tick=False):
        report = AnnualReport(YEAR, Municipality.objects.all())
        # The report's frozen figures (and their programme rows), its pass over the agreements with the
        # live fingerprints, and the frozen agreement ids to compare them with.
        with django_assert_num_queries(4):
            assert report.corrections == {}
        assert fingerprint([3, 1, 2]) == fingerprint([1, 2, 3]) != fingerprint([1, 2, 4])
        late = AgreementFactory(
            school=SchoolFactory(municipality=municipality), start_date=datetime.date(2025, 2, 1)
        )
        found = AnnualReport(YEAR, Municipality.objects.all()).corrections
        assert list(found) == [municipality.pk]
        assert (found[municipality.pk].now, found[municipality.pk].added) == (4, [late])
        # The live fingerprint is the Python one of the agreements counting on the year's last day.
        live = AnnualReport(YEAR, Municipality.objects.all()).summed_by("school__municipality")
        counted = list(CooperationAgreement.objects.counting(YEAR.last_day).values_list("pk", flat=True))
        sums = live[municipality.pk]
        in_sql = (sums["counting"], sums["fingerprint_total"], sums["fingerprint_mixed"])
        assert tuple(map(int, in_sql)) == fingerprint(counted)


def test_annual_report_page_lists_the_changes(client, viewer, municipality, randers_year, coordinator):
    with time_machine.travel(NEXT_YEAR, tick=False):
        cancel_agreement(randers_year[2], user=coordinator, reason="Indtastet ved en fejl")
        client.force_login(viewer)
        body = client.get(reverse("reporting:annual_report"), {"year": 2024}).content.decode()
    assert "were frozen on" in body
    assert "Odder: reported 3, now 2" in body
    assert randers_year[2].title in body and "Indtastet ved en fejl" in body


def test_running_year_is_live(client, viewer, municipality):
    with time_machine.travel(NEXT_YEAR, tick=False):
        client.force_login(viewer)
        body = client.get(reverse("reporting:annual_report"), {"year": 2025}).content.decode()
    assert "still running" in body
    assert not FrozenFigure.objects.filter(school_year=2025).exists()


def test_trend_shows_frozen_figures_with_the_figure_now(municipality, randers_year, coordinator):
    with time_machine.travel(NEXT_YEAR, tick=False):
        cancel_agreement(randers_year[0], user=coordinator, reason="Fejl")
        today = datetime.date(2026, 3, 15)
        days = trend_days(datetime.date(2024, 9, 1), today)
        [row] = trend_table(Municipality.objects.all(), days)
    assert row["counts"] == [3, 2]  # 2024/25 as reported; today live
    assert row["cells"][0] == {"value": 3, "now": 2, "goal": 3, "frozen": True, "corrected": True}
    assert row["cells"][1]["frozen"] is False


def test_first_page_view_after_31_july_freezes_the_ended_year(client, municipality):
    AgreementFactory(school=SchoolFactory(municipality=municipality), start_date=datetime.date(2024, 9, 1))
    with time_machine.travel(CLOSE_DAY, tick=False):
        assert client.get(reverse("reporting:public_progress")).status_code == 200
    assert FrozenFigure.objects.filter(school_year=2024, municipality=municipality).exists()


def test_public_page_and_open_data_take_a_date_and_carry_the_trend(
    client, municipality, randers_year, coordinator
):
    with time_machine.travel(NEXT_YEAR, tick=False):
        cancel_agreement(randers_year[0], user=coordinator, reason="Fejl")
        records = json.loads(
            client.get(reverse("reporting:public_progress_json"), {"on": "2025-03-03"}).content
        )
        assert records == [
            {
                "name": "Odder",
                "code": "0727",
                "agreements": 2,
                "goal": 3,
                "goal_met": False,
                "status": "close",
                "programmes": [],
                "date": "2025-03-03",
            }
        ]
        rows = list(
            csv.DictReader(
                io.StringIO(
                    client.get(
                        reverse("reporting:public_progress_csv"), {"on": "2025-03-03"}
                    ).content.decode()
                )
            )
        )
        assert rows[0]["agreements"] == "2" and rows[0]["date"] == "2025-03-03"
        trend = json.loads(client.get(reverse("reporting:public_trend_json")).content)
        assert [(r["school_year"], r["agreements"], r["agreements_now"], r["goal_met"]) for r in trend] == [
            ("2024/25", 3, 2, True)
        ]
        trend_rows = list(
            csv.DictReader(io.StringIO(client.get(reverse("reporting:public_trend_csv")).content.decode()))
        )
        assert trend_rows[0]["agreements"] == "3" and trend_rows[0]["agreements_now"] == "2"
        assert (
            "2 of 3"
            in client.get(reverse("reporting:public_progress"), {"on": "2025-03-03"}).content.decode()
        )
        body = client.get(reverse("reporting:public_progress")).content.decode()
    assert "<svg" in body and "2024/25: 3 counted, goal 3." in body  # the chart's text alternative
    assert "(now 2*)" in body


def test_a_save_shows_at_once_on_cached_pages(client, municipality):
    with time_machine.travel(NEXT_YEAR, tick=False):
        url = reverse("reporting:public_progress_json")
        assert json.loads(client.get(url).content)[0]["agreements"] == 0
        assert json.loads(client.get(url).content)[0]["agreements"] == 0  # now from the cache
        agreement = AgreementFactory(
            school=SchoolFactory(municipality=municipality), start_date=datetime.date(2025, 9, 1)
        )
        assert json.loads(client.get(url).content)[0]["agreements"] == 1
        agreement.end_date = datetime.date(2026, 1, 1)
        agreement.save()
        assert json.loads(client.get(url).content)[0]["agreements"] == 0
        SchoolYearGoal.objects.create(municipality=municipality, school_year=2025, target=4)
        assert json.loads(client.get(url).content)[0]["goal"] == 4
        CooperationAgreement.objects.filter(pk=agreement.pk).delete()
        assert json.loads(client.get(url).content)[0]["agreements"] == 0


def test_the_public_pages_rendered_figures_follow_a_save(client, municipality):
    """The page's figures are a cached fragment of HTML: keyed by the figures' version, never stale."""
    page = reverse("reporting:public_progress")
    with time_machine.travel(NEXT_YEAR, tick=False), translation.override("en"):
        client.get(page)
        assert "0 of 3 agreements" in client.get(page).content.decode()  # from the cache
        AgreementFactory(
            school=SchoolFactory(municipality=municipality), start_date=datetime.date(2025, 9, 1)
        )
        assert "1 of 3 agreements" in client.get(page).content.decode()


def test_frozen_figures_survive_export_and_import(municipality, randers_year, tmp_path):
    before = list(FrozenFigure.objects.values()), list(FrozenProgrammeFigure.objects.values())
    exported = tmp_path / "export.xml"
    call_command("export_data", str(exported), verbosity=0)
    flush()
    assert not FrozenFigure.objects.exists()
    call_command("import_data", str(exported), verbosity=0)
    assert (list(FrozenFigure.objects.values()), list(FrozenProgrammeFigure.objects.values())) == before


def test_the_region_overviews_rendered_figures_follow_a_save(client, municipality):
    viewer = UserFactory(role="viewer")
    client.force_login(viewer)
    page = reverse("reporting:region_overview") + "?ordering=-counting"
    with time_machine.travel(NEXT_YEAR, tick=False):
        client.get(page)
        assert "0 of 3 agreements" in client.get(page).content.decode()  # from the cache
        school = SchoolFactory(municipality=municipality)
        AgreementFactory(school=school, start_date=datetime.date(2025, 9, 1))
        assert "1 of 3 agreements" in client.get(page).content.decode()
