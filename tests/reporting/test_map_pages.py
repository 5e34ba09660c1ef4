"""The maps on the progress pages: the group map on the public progress page and the region overview, the
municipality map on the municipality page."""

import datetime
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from partnerships.models import Municipality, MunicipalityGroup, User
from tests.factories import AgreementFactory, CompanyFactory, MunicipalityFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
LONG_AGO = datetime.date(2024, 1, 1)
IN_ODDER = (Decimal("55.973"), Decimal("10.153"))
IN_SAMSOE = (Decimal("55.870"), Decimal("10.620"))


@pytest.fixture(autouse=True)
def _today(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with time_machine.travel(datetime.datetime(2026, 3, 15, 12, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def group(municipality, other_municipality):
    """Odder and Samsø served; Aarhus only reference data (drawn faintly as a neighbour at most)."""
    MunicipalityFactory(name="Aarhus", code="0751", slug="aarhus")
    group = MunicipalityGroup.objects.create(name="Gruppe", slug="gruppe")
    group.municipalities.set([municipality, other_municipality])
    return group


def svg_of(html: str, id: str) -> ET.Element:
    match = re.search(rf'<svg[^>]*aria-labelledby="{id}-title".*?</svg>', html, re.S)
    assert match, f"no {id} on the page"
    return ET.fromstring(match.group(0))


def areas(html: str) -> dict[str, str]:
    """Link -> goal status of each municipality drawn on the group map."""
    svg = svg_of(html, "group-map")
    return {
        a.get("href"): a.find(f"{SVG}path").get("class").removeprefix("map-") for a in svg.iter(f"{SVG}a")
    }


def public(municipality, query="") -> str:
    return reverse("reporting:public_municipality", args=[municipality.slug]) + query


def detail(municipality, query="") -> str:
    return reverse("reporting:municipality_detail", args=[municipality.slug]) + query


def three_in_odder_two_ended_in_samsoe(municipality, other_municipality):
    for _ in range(3):
        AgreementFactory(school=SchoolFactory(municipality=municipality), start_date=LONG_AGO)
    for _ in range(2):  # on 31 July 2025 one short of the goal, today behind
        AgreementFactory(
            school=SchoolFactory(municipality=other_municipality),
            start_date=LONG_AGO,
            end_date=datetime.date(2025, 7, 31),
            status="ended",
        )


def test_public_map_has_the_groups_municipalities_with_their_status_on_a_past_date(
    client, group, municipality, other_municipality
):
    three_in_odder_two_ended_in_samsoe(municipality, other_municipality)
    url = reverse("reporting:public_progress")

    assert areas(client.get(url).content.decode()) == {
        public(municipality): "met",
        public(other_municipality): "behind",
    }
    past = client.get(url, {"on": "2025-07-31"}).content.decode()
    query = "?on=2025-07-31"
    assert areas(past) == {public(municipality, query): "met", public(other_municipality, query): "close"}


def test_region_overview_links_the_pages_the_user_may_read(client, group, municipality, other_municipality):
    three_in_odder_two_ended_in_samsoe(municipality, other_municipality)
    url = reverse("reporting:region_overview")

    client.force_login(UserFactory(role=User.Role.VIEWER))
    assert areas(client.get(url).content.decode()) == {
        detail(municipality): "met",
        detail(other_municipality): "behind",
    }
    client.force_login(UserFactory(role=User.Role.COORDINATOR, municipalities=[municipality]))
    on = client.get(url, {"on": "2025-07-31"}).content.decode()
    query = "?on=2025-07-31"
    assert areas(on) == {detail(municipality, query): "met", public(other_municipality, query): "close"}


def points(html: str) -> dict[str, str]:
    svg = svg_of(html, "municipality-map")
    return {a.get("href"): a.get("class").removeprefix("map-point map-point-") for a in svg.iter(f"{SVG}a")}


def test_municipality_map_has_the_visible_schools_marked_by_counting_agreement(
    client, municipality, other_municipality
):
    partnered = SchoolFactory(municipality=municipality, latitude=IN_ODDER[0], longitude=IN_ODDER[1])
    AgreementFactory(school=partnered, start_date=LONG_AGO)
    lacking = SchoolFactory(municipality=municipality, latitude=IN_ODDER[0], longitude=IN_ODDER[1])
    unplaced = SchoolFactory(municipality=municipality)
    SchoolFactory(municipality=municipality, active=False, latitude=IN_ODDER[0], longitude=IN_ODDER[1])
    SchoolFactory(municipality=other_municipality, latitude=IN_SAMSOE[0], longitude=IN_SAMSOE[1])
    CompanyFactory(municipality=municipality)  # an approved host without a known position: not drawn
    client.force_login(UserFactory(role=User.Role.COORDINATOR, municipalities=[municipality]))

    html = client.get(detail(municipality)).content.decode()

    assert points(html) == {
        partnered.get_absolute_url(): "agreement",
        lacking.get_absolute_url(): "no_agreement",
    }
    assert f'<li><a href="{unplaced.get_absolute_url()}">' in html
    before = client.get(detail(municipality, "?on=2023-12-31")).content.decode()
    assert points(before)[partnered.get_absolute_url()] == "no_agreement"


def test_maps_cost_no_queries_per_municipality_or_school(
    municipality, other_municipality, django_assert_num_queries
):
    from reporting.map_data import progress_map, work_municipality_map
    from reporting.progress import overview

    viewer = UserFactory(role=User.Role.VIEWER)
    for code in ["0751", "0710", "0766", "0615"]:
        MunicipalityFactory(code=code, name=f"K{code}", slug=f"k{code}")
    for _ in range(5):
        school = SchoolFactory(municipality=municipality, latitude=IN_ODDER[0], longitude=IN_ODDER[1])
        AgreementFactory(school=school, start_date=LONG_AGO)
    today = datetime.date(2026, 3, 15)
    rows = list(overview(Municipality.objects.all(), today))
    assert len(viewer.visible_municipality_ids) == 6  # the page has read them once already (its links)
    with django_assert_num_queries(0):  # the page's rows carry all the map needs
        assert len(progress_map(rows, on=today, user=viewer).areas) == 6
    with django_assert_num_queries(1):  # schools with their counting flag (hosts have no position yet)
        assert len(work_municipality_map(municipality, on=today, user=viewer).points) == 5
