"""The public municipality page: figures on a date, its schools on the map, and nothing personal."""

import datetime
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import CooperationAgreement, MunicipalityGroup
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    ContactPersonFactory,
    MunicipalityFactory,
    SchoolFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
# Two places inside Odder Kommune (the town and Hou), and one in Aarhus.
IN_ODDER = [(Decimal("55.973"), Decimal("10.153")), (Decimal("55.914"), Decimal("10.256"))]
IN_AARHUS = (Decimal("56.157"), Decimal("10.211"))


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 3, 15, 12, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def url(municipality, **query) -> str:
    address = reverse("reporting:public_municipality", args=[municipality.slug])
    return address + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def placed_school(municipality, position, **kwargs):
    return SchoolFactory(municipality=municipality, latitude=position[0], longitude=position[1], **kwargs)


def svg_of(html: str, id: str = "public-map") -> ET.Element:
    match = re.search(rf'<svg[^>]*aria-labelledby="{id}-title".*?</svg>', html, re.S)
    assert match, "no map on the page"
    return ET.fromstring(match.group(0))


def point_links(svg: ET.Element) -> dict[str, str]:
    return {a.get("href"): a.get("class") for a in svg.iter(f"{SVG}a")}


def test_anyone_sees_the_figures_schools_and_map(client, municipality):
    with_agreement = placed_school(municipality, IN_ODDER[0])
    without = placed_school(municipality, IN_ODDER[1])
    unplaced = SchoolFactory(municipality=municipality)
    AgreementFactory(school=with_agreement, start_date=datetime.date(2025, 8, 1))

    response = client.get(url(municipality))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Odder: progress toward the goal" in html
    links = point_links(svg_of(html))
    assert links == {
        f"#school-{with_agreement.pk}": "map-point map-point-agreement",
        f"#school-{without.pk}": "map-point map-point-no_agreement",
    }
    # Every point leads to the school's row in the list; the one without coordinates is listed under the map.
    for school in (with_agreement, without, unplaced):
        assert f'id="school-{school.pk}"' in html
    assert re.search(rf'<ul class="map-not-drawn">\s*<li><a href="#school-{unplaced.pk}">', html)


def test_points_only_for_the_municipalitys_active_schools(client, municipality, other_municipality):
    mine = SchoolFactory(municipality=municipality, latitude=IN_ODDER[0][0], longitude=IN_ODDER[0][1])
    SchoolFactory(municipality=municipality, active=False, latitude=IN_ODDER[1][0], longitude=IN_ODDER[1][1])
    SchoolFactory(municipality=other_municipality, latitude=IN_ODDER[1][0], longitude=IN_ODDER[1][1])

    links = point_links(svg_of(client.get(url(municipality)).content.decode()))

    assert set(links) == {f"#school-{mine.pk}"}


def test_a_past_date_gives_that_days_figures(client, municipality):
    school = SchoolFactory(municipality=municipality, latitude=IN_ODDER[0][0], longitude=IN_ODDER[0][1])
    AgreementFactory(school=school, start_date=datetime.date(2025, 8, 1))

    before = client.get(url(municipality, on="2025-07-01")).content.decode()
    after = client.get(url(municipality)).content.decode()

    assert point_links(svg_of(before)) == {f"#school-{school.pk}": "map-point map-point-no_agreement"}
    assert point_links(svg_of(after)) == {f"#school-{school.pk}": "map-point map-point-agreement"}
    assert "0 of 3" in before
    assert "1 of 3" in after


def test_no_personal_data_and_no_companies(client, municipality):
    school = SchoolFactory(municipality=municipality, latitude=IN_ODDER[0][0], longitude=IN_ODDER[0][1])
    company = CompanyFactory(municipality=municipality, name="Hemmelig Produktion ApS")
    person = ContactPersonFactory(school=school, name="Karen Testesen", email="karen@example.com")
    AgreementFactory(school=school, company=company, title="Fortroligt samarbejde", activities="Noter")
    UserFactory(first_name="Koordinator", last_name="Hansen", municipalities=[municipality])

    html = client.get(url(municipality)).content.decode()

    private_values = [person.name, person.email, person.phone, company.name, company.cvr]
    for private in [*private_values, "Fortroligt", "Hansen"]:
        assert private not in html
    assert reverse("partnerships:school_detail", args=[school.pk]) not in html
    assert "Approved host" not in html  # no hosts on the public map, and no legend entry for them


def test_unknown_and_unserved_municipalities_are_404(client, municipality):
    group = MunicipalityGroup.objects.create(name="Gruppe", slug="gruppe")
    group.municipalities.add(municipality)
    outside = MunicipalityFactory(name="Aarhus", code="0751", slug="aarhus")

    assert client.get(url(municipality)).status_code == 200
    assert client.get(url(outside)).status_code == 404
    assert client.get(reverse("reporting:public_municipality", args=["nowhere"])).status_code == 404


def test_a_bad_date_is_answered_politely(client, municipality):
    response = client.get(url(municipality, on="31-02-2026"))

    assert response.status_code == 200
    assert "The figures below are shown for today instead." in response.content.decode()


def queries(client, address) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(address).status_code == 200
    return len(context)


def test_queries_do_not_grow_with_schools_and_agreements(client, municipality):
    SchoolFactory(municipality=municipality, latitude=IN_AARHUS[0], longitude=IN_AARHUS[1])
    few = queries(client, url(municipality))
    for latitude, longitude in IN_ODDER * 10:
        school = SchoolFactory(municipality=municipality, latitude=latitude, longitude=longitude)
        AgreementFactory(school=school, status=CooperationAgreement.Status.ACTIVE)

    assert queries(client, url(municipality)) == few


def test_home_page_links_each_municipality_with_a_goal_bar(client, municipality):
    html = client.get(reverse("reporting:home")).content.decode()

    assert f'href="{url(municipality)}"' in html
    assert re.search(r'<progress class="goal-progress[^"]*" max="3" value="0"\s+aria-label="Odder: ', html)
