import csv
import datetime
import io
import json
import re

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import ContactPerson, Municipality, Programme, User
from reporting.freezing import freeze_ended_years
from tests.factories import AgreementFactory, CompanyFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 15)
LONG_AGO = datetime.date(2024, 1, 1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 3, 15, 12, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture(autouse=True)
def _english(client, settings):
    """Pages in English, so that the assertions do not depend on the Danish translations."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def viewer(db):
    return UserFactory(role=User.Role.VIEWER)


@pytest.fixture
def coordinator(municipality):
    return UserFactory(role=User.Role.COORDINATOR, municipalities=[municipality])


@pytest.fixture
def company_user(company):
    return UserFactory(role=User.Role.COMPANY, company=company)


def agreement_in(municipality, **kwargs):
    return AgreementFactory(school=SchoolFactory(municipality=municipality), **kwargs)


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def make_agreements(count: int) -> None:
    """`count` agreements spread over the 12 municipalities and statuses, sharing schools and companies."""
    municipalities = list(Municipality.objects.all())
    schools = [SchoolFactory(municipality=m) for m in municipalities]
    companies = [CompanyFactory(municipality=m) for m in municipalities]
    programmes = [None, *Programme.objects.all()]
    statuses = ["active", "active", "draft", "ended", "cancelled"]
    for number in range(count):
        index = number % len(municipalities)
        status = statuses[number % len(statuses)]
        AgreementFactory(
            school=schools[index],
            company=companies[index],
            status=status,
            programme=programmes[number % len(programmes)],
            start_date=LONG_AGO + datetime.timedelta(days=number),
            end_date=TODAY - datetime.timedelta(days=1) if status == "ended" else None,
        )


def constant_queries(client, url, *, cached: bool = False) -> None:
    """The same number of queries at 10 and 200 agreements, uncached (each save makes the cache old); with
    `cached`, a repeat view is answered from the cache in fewer."""
    freeze_ended_years()  # frozen before some agreements are added: later corrections at both sizes
    make_agreements(10)
    freeze_ended_years()  # the first view after 31 July freezes the ended years: not what is measured here
    client.get(reverse("reporting:accessibility"))  # the session is renewed on a first request: not counted
    with_ten = queries_for(client, url)
    make_agreements(190)
    assert queries_for(client, url) == with_ten
    if cached:
        assert queries_for(client, url) < with_ten


# Region overview


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("reporting:region_overview"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("name", ["region_overview", "annual_report"])
def test_company_users_and_users_without_role_get_403(client, company_user, name):
    client.force_login(company_user)
    assert client.get(reverse(f"reporting:{name}")).status_code == 403
    client.force_login(UserFactory())
    assert client.get(reverse(f"reporting:{name}")).status_code == 403


def test_overview_shows_each_municipalitys_figures_on_the_date(
    client, viewer, municipality, other_municipality
):
    for _ in range(2):
        agreement_in(municipality, start_date=LONG_AGO)
    agreement_in(municipality, start_date=TODAY + datetime.timedelta(days=1))
    agreement_in(other_municipality, start_date=LONG_AGO, end_date=datetime.date(2025, 7, 31))
    client.force_login(viewer)
    url = reverse("reporting:region_overview")

    body = client.get(url).content.decode()
    assert body.count("<h1") == 1
    odder = row_of(body, "Odder")
    assert "2 of 3" in odder and "Close: one agreement short" in odder
    assert '<progress class="goal-progress goal-progress-small" max="3" value="2"' in odder
    assert "0 of 3" in row_of(body, "Samsø") and "Behind" in row_of(body, "Samsø")

    on_31_july = client.get(url, {"on": "2025-07-31"}).content.decode()
    assert "1 of 3" in row_of(on_31_july, "Samsø")
    assert "2 of 3" in row_of(on_31_july, "Odder")
    after = client.get(url, {"on": "2025-08-01"}).content.decode()
    assert "0 of 3" in row_of(after, "Samsø")


def row_of(body: str, name: str) -> str:
    """The overview table row of one municipality."""
    pattern = r'<tr>\s*<th scope="row">(?:(?!</tr>).)*?\b' + name + r"\b(?:(?!</tr>).)*</tr>"
    match = re.search(pattern, body, re.S)
    assert match, name
    return match.group(0)


def test_overview_sorts_by_status_and_ignores_unknown_orderings(
    client, viewer, municipality, other_municipality
):
    for _ in range(3):
        agreement_in(other_municipality, start_date=LONG_AGO)
    client.force_login(viewer)
    url = reverse("reporting:region_overview")
    body = client.get(url, {"ordering": "-status"}).content.decode()
    assert body.index(">Samsø<") < body.index(">Odder<")
    assert 'aria-sort="descending"' in body
    body = client.get(url, {"ordering": "status"}).content.decode()
    assert body.index(">Odder<") < body.index(">Samsø<")
    body = client.get(url, {"ordering": "drop table"}).content.decode()
    assert body.index(">Odder<") < body.index(">Samsø<")


@pytest.mark.parametrize("value", ["garbage", "0000-01-01", "9999-12-31", "1999-01-01", "2026-13-01"])
def test_overview_with_bad_date_explains_and_shows_today(client, viewer, municipality, value):
    agreement_in(municipality, start_date=TODAY)
    client.force_login(viewer)
    response = client.get(reverse("reporting:region_overview"), {"on": value})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true"' in body
    assert "shown for today instead" in body
    assert "1 of 3" in row_of(body, "Odder")


def test_overview_offers_quick_picks_and_trend(client, viewer, municipality):
    agreement_in(municipality, start_date=datetime.date(2024, 9, 1))
    client.force_login(viewer)
    body = client.get(reverse("reporting:region_overview")).content.decode()
    assert "?on=2025-07-31" in body
    assert "2024/25" in body
    assert "Trend over the school years" in body


def test_coordinator_sees_the_region_but_links_only_to_own_municipality(
    client, coordinator, municipality, other_municipality
):
    client.force_login(coordinator)
    body = client.get(reverse("reporting:region_overview")).content.decode()
    assert municipality.get_absolute_url() in body
    assert other_municipality.get_absolute_url() not in body
    assert "Samsø" in body


def test_overview_queries_do_not_grow_with_agreements(client, viewer, reference_data):
    client.force_login(viewer)
    constant_queries(
        client, reverse("reporting:region_overview") + "?on=2025-07-31&ordering=-counting", cached=True
    )


# Municipality page


def test_outsider_coordinator_gets_404(client, coordinator, other_municipality):
    client.force_login(coordinator)
    assert client.get(other_municipality.get_absolute_url()).status_code == 404


def test_company_user_gets_403_on_municipality_page(client, company_user, municipality):
    client.force_login(company_user)
    assert client.get(municipality.get_absolute_url()).status_code == 403


def test_municipality_page_shows_progress_agreements_and_opportunities(client, coordinator, municipality):
    idle_school = SchoolFactory(municipality=municipality, name="Ledig Skole")
    busy_school = SchoolFactory(municipality=municipality, name="Travl Skole")
    idle_host = CompanyFactory(municipality=municipality, name="Ledig Vært ApS")
    busy_host = CompanyFactory(municipality=municipality, name="Travl Vært ApS")
    AgreementFactory(school=busy_school, company=busy_host, start_date=LONG_AGO)
    AgreementFactory(school=idle_school, company=idle_host, status="draft", start_date=LONG_AGO)
    client.force_login(coordinator)

    body = client.get(municipality.get_absolute_url()).content.decode()
    assert body.count("<h1") == 1
    assert "1 of 3 agreements" in body
    assert "Behind" in body
    opportunities = body[body.index("schools-heading") : body.index("trend-heading")]
    assert "Ledig Skole" in opportunities and "Travl Skole" not in opportunities
    assert "Ledig Vært ApS" in opportunities and "Travl Vært ApS" not in opportunities
    totals = re.search(r"<tfoot>.*?</tfoot>", body, re.S).group(0)
    assert re.findall(r">(\d+)<", totals) == ["1", "1", "1", "0", "0", "2"]

    before = client.get(municipality.get_absolute_url(), {"on": "2023-12-31"}).content.decode()
    assert "0 of 3 agreements" in before
    assert "Travl Skole" in before[before.index("schools-heading") : before.index("trend-heading")]
    on_start = client.get(municipality.get_absolute_url(), {"on": "2024-01-01"}).content.decode()
    assert "1 of 3 agreements" in on_start


def test_municipality_page_lists_programme_participation(client, coordinator, municipality, reference_data):
    client.force_login(coordinator)
    body = client.get(municipality.get_absolute_url()).content.decode()
    assert "HOP-IN" in body and "Sammen skaber vi fremtidens skole" in body
    assert "Pilotforløb i 2017." in body


def test_municipality_page_queries_do_not_grow(client, viewer, reference_data):
    client.force_login(viewer)
    constant_queries(
        client, Municipality.objects.get(code="0751").get_absolute_url() + "?on=2025-07-31", cached=True
    )


# Public progress page and open data


def test_public_progress_needs_no_login_and_announces_its_data(client, municipality):
    response = client.get(reverse("reporting:public_progress"))
    body = response.content.decode()
    assert response.status_code == 200
    head = body[: body.index("</head>")]
    csv_url = reverse("reporting:public_progress_csv")
    json_url = reverse("reporting:public_progress_json")
    assert f'<link rel="alternate" type="text/csv" href="{csv_url}"' in head
    assert f'<link rel="alternate" type="application/json" href="{json_url}"' in head


def test_public_page_csv_and_json_agree(client, reference_data):
    odder = Municipality.objects.get(code="0727")
    for _ in range(3):
        agreement_in(odder, start_date=LONG_AGO)
    agreement_in(Municipality.objects.get(code="0741"), start_date=TODAY)
    agreement_in(Municipality.objects.get(code="0741"), start_date=TODAY + datetime.timedelta(days=1))

    records = json.loads(client.get(reverse("reporting:public_progress_json")).content)
    response = client.get(reverse("reporting:public_progress_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    body = client.get(reverse("reporting:public_progress")).content.decode()

    expected = {m.code: m.counting for m in Municipality.objects.served().with_goal_progress(TODAY)}
    assert len(records) == len(rows) == 12
    assert {r["code"]: r["agreements"] for r in records} == expected
    assert {r["code"]: int(r["agreements"]) for r in rows} == expected
    by_code = {r["code"]: r for r in records}
    assert by_code["0727"] == {
        "name": "Odder",
        "code": "0727",
        "agreements": 3,
        "goal": 3,
        "goal_met": True,
        "status": "met",
        "programmes": [
            "HOP-IN – Hands On Production – Innovation and New Ideas",
            "Sammen skaber vi fremtidens skole",
        ],
        "date": "2026-03-15",
    }
    assert by_code["0741"]["agreements"] == 1 and by_code["0741"]["goal_met"] is False
    assert next(r for r in rows if r["code"] == "0727")["goal_met"] == "true"
    for record in records:
        assert f"{record['agreements']} of {record['goal']}" in row_of(body, record["name"])
    assert "1 of 12 municipalities has reached its goal" in body


def test_public_pages_show_no_personal_data(client):
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    people = [(c.name, c.email, c.phone) for c in ContactPerson.objects.all()]
    people += [(u.get_full_name(), u.email, "") for u in User.objects.all()]
    assert people
    urls = [
        reverse("reporting:home"),
        reverse("reporting:public_progress"),
        reverse("reporting:public_progress_csv"),
        reverse("reporting:public_progress_json"),
        *(
            reverse("programmes:programme_detail", args=[slug])
            for slug in ("hop-in", "jet-net", "fremtidens-skole")
        ),
    ]
    for url in urls:
        body = client.get(url).content.decode()
        for name, email, phone in people:
            assert name not in body, (url, name)
            assert email not in body, (url, email)
            assert not phone or str(phone) not in body


@pytest.mark.parametrize("name", ["public_progress", "public_progress_csv", "public_progress_json"])
def test_public_progress_queries_do_not_grow(client, reference_data, name):
    constant_queries(client, reverse(f"reporting:{name}"), cached=True)


def test_navigation_links_to_progress_pages(client, viewer, reference_data):
    body = client.get(reverse("reporting:home")).content.decode()
    assert body.count(reverse("reporting:public_progress")) >= 2  # nav and start page
    assert reverse("reporting:region_overview") not in body
    client.force_login(viewer)
    assert reverse("reporting:region_overview") in client.get(reverse("reporting:home")).content.decode()


def test_public_page_in_danish_says_the_status_in_words(client, municipality):
    client.cookies["django_language"] = "da"
    agreement_in(municipality, start_date=LONG_AGO)
    agreement_in(municipality, start_date=LONG_AGO)
    body = client.get(reverse("reporting:public_progress")).content.decode()
    assert "Tæt på: én aftale mangler" in body
    assert "2 af 3" in body


def test_municipality_page_lists_the_first_opportunities_and_counts_them_all(
    client, viewer, municipality, monkeypatch
):
    monkeypatch.setattr("reporting.views.progress.OPPORTUNITIES_LISTED", 2)
    for name in ("Cskolen", "Askolen", "Bskolen"):
        SchoolFactory(municipality=municipality, name=name)
    for name in ("C ApS", "A ApS", "B ApS"):
        CompanyFactory(municipality=municipality, name=name, host_status="approved")
    client.force_login(viewer)
    body = client.get(reverse("reporting:municipality_detail", args=[municipality.slug])).content.decode()
    assert "3 active schools had no agreement counting" in body
    assert "3 approved hosts had no agreement counting" in body
    assert body.count("The first 2 by name:") == 2
    lists = body[body.index('id="schools-heading"') :]  # the map above may list every school
    assert "Askolen" in lists and "Bskolen" in lists and "Cskolen" not in lists
    assert "A ApS" in lists and "B ApS" in lists and "C ApS" not in lists
