"""The workspace's "needs attention" list: what it counts, and one query whatever the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hosting.models import HostSignup
from partnerships.models import CooperationAgreement
from reporting.attention import needs_attention
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    HopInWeekFactory,
    PlacementFactory,
    SchoolClassFactory,
    SchoolFactory,
)
from tests.hosting.hosting_helpers import make_signup

from .helpers import on

pytestmark = pytest.mark.django_db

D = datetime.date


def world(municipality, n: int):
    with on(D(2026, 1, 5)):
        idle = CompanyFactory.create_batch(n, municipality=municipality)
    lonely = SchoolFactory.create_batch(n, municipality=municipality)
    partnered = SchoolFactory(municipality=municipality)
    AgreementFactory(school=partnered, company=idle[0], start_date=D(2026, 8, 1))  # counts today
    AgreementFactory.create_batch(
        n, school=partnered, company=CompanyFactory(municipality=municipality), end_date=D(2026, 10, 1)
    )
    week = HopInWeekFactory(
        municipality=municipality, school_year=2026, starts_on=D(2027, 3, 8), ends_on=D(2027, 3, 12)
    )
    SchoolClassFactory.create_batch(n, school=lonely[0], school_year=2026)
    PlacementFactory(host__week=week, school_class__school=partnered, school_class__school_year=2026)
    for i in range(n):
        make_signup(
            municipality, status=HostSignup.Status.WAITING, cvr=f"{10000000 + i}", contact_email=f"s{i}@x.dk"
        )
    return week


def counts(items) -> dict[str, int]:
    return {str(item.label): item.count for item in items}


@pytest.mark.parametrize("n", [2, 6])
def test_counts_each_kind_in_one_query(municipality, n):
    week = world(municipality, n)
    with on(D(2026, 11, 2)), CaptureQueriesContext(connection) as queries:
        items = needs_attention(municipality)
    assert len(queries) == 1
    assert counts(items) == {
        "Aftaler efter deres slutdato, stadig aktive": n,
        "Godkendte værter uden aftale efter 90 dage": n - 1,  # one of them has an agreement
        "Skoler uden nogen partner": n,
        "Ikke-placerede HOP-IN-klasser": n,
        "Værtstilmeldinger der venter på godkendelse": n,
    }
    assert items[3].link == week.get_absolute_url()


def test_workspace_shows_the_list(client, coordinator, municipality):
    AgreementFactory(school=SchoolFactory(municipality=municipality), end_date=D(2026, 10, 1))
    client.force_login(coordinator)
    with on(D(2026, 11, 2)):
        response = client.get(reverse("reporting:workspace_municipality", args=[municipality.slug]))
    page = response.content.decode()
    assert "Kræver opmærksomhed" in page
    assert "Aftaler efter deres slutdato, stadig aktive" in page
    assert CooperationAgreement.objects.get().status == "active"
