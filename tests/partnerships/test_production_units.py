"""Production units: a company with a unit in a municipality is present there for its coordinator."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains

from partnerships.access import pickable_companies
from partnerships.models import Company, User
from programmes.hopin.forms import wish_queryset
from programmes.hopin.services import add_approved_hosts
from tests.factories import (
    CompanyFactory,
    HopInWeekFactory,
    MunicipalityFactory,
    ProductionUnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def skanderborg(db):
    return MunicipalityFactory(name="Skanderborg", code="0746", slug="skanderborg")


@pytest.fixture
def skanderborg_coordinator(skanderborg):
    return UserFactory(role=User.Role.COORDINATOR, municipalities=[skanderborg])


@pytest.fixture
def branch_company(municipality, skanderborg):
    """A company seated in Odder with a production unit in Skanderborg."""
    company = CompanyFactory(name="Odder Maskinfabrik A/S", municipality=municipality)
    ProductionUnitFactory(
        company=company, municipality=skanderborg, p_number="1020345678", name="Afd. Skanderborg"
    )
    return company


def test_coordinator_of_the_units_municipality_sees_the_company(
    client, branch_company, skanderborg_coordinator
):
    client.force_login(skanderborg_coordinator)
    response = client.get(reverse("partnerships:company_detail", args=[branch_company.pk]))
    assertContains(response, "1020345678")
    assertContains(response, "Afd. Skanderborg")
    assertContains(client.get(reverse("partnerships:company_list")), "Odder Maskinfabrik A/S")


def test_coordinator_of_the_units_municipality_may_not_edit_the_company(
    client, branch_company, skanderborg_coordinator
):
    client.force_login(skanderborg_coordinator)
    assert client.get(reverse("partnerships:company_update", args=[branch_company.pk])).status_code == 403


def test_an_inactive_unit_does_not_make_the_company_present(client, branch_company, skanderborg_coordinator):
    branch_company.production_units.update(active=False)
    client.force_login(skanderborg_coordinator)
    assert client.get(reverse("partnerships:company_detail", args=[branch_company.pk])).status_code == 404
    assert not Company.objects.visible_to(skanderborg_coordinator).exists()


def test_a_company_with_several_units_there_is_listed_once(
    branch_company, skanderborg, skanderborg_coordinator
):
    ProductionUnitFactory(company=branch_company, municipality=skanderborg)
    assert list(Company.objects.visible_to(skanderborg_coordinator)) == [branch_company]


def test_the_company_is_chosen_first_among_the_local_ones(branch_company, skanderborg_coordinator):
    CompanyFactory(name="Aaa Elsewhere ApS")
    companies = list(pickable_companies(skanderborg_coordinator))
    assert companies[0] == branch_company
    assert companies[0].local == 0


def test_the_agreement_autocomplete_offers_it_among_the_local_ones(
    client, branch_company, skanderborg_coordinator
):
    client.force_login(skanderborg_coordinator)
    response = client.get(
        reverse("partnerships:agreement_choices", args=["companies"]), {"q": "Maskinfabrik"}
    )
    assert [row["id"] for row in response.json()["results"]] == [branch_company.pk]


def test_the_list_filtered_to_the_units_municipality_shows_it(client, branch_company, skanderborg, superuser):
    client.force_login(superuser)
    response = client.get(reverse("partnerships:company_list"), {"municipality": skanderborg.slug})
    assertContains(response, "Odder Maskinfabrik A/S")


def test_hopin_host_candidates_of_the_units_municipality_include_it(branch_company, skanderborg):
    week = HopInWeekFactory(municipality=skanderborg)
    assert list(wish_queryset(week)) == [branch_company]
    assert add_approved_hosts(week) == 1
    assert week.hosts.get().company == branch_company


def test_company_list_queries_do_not_grow_with_units(client, skanderborg, skanderborg_coordinator):
    def count_queries():
        client.get(reverse("partnerships:company_list"), {"warm": "up"})  # session, cache version
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("partnerships:company_list")).status_code == 200
        return len(context.captured_queries)

    client.force_login(skanderborg_coordinator)
    ProductionUnitFactory(municipality=skanderborg)
    few = count_queries()
    for company in CompanyFactory.create_batch(6):
        ProductionUnitFactory.create_batch(2, company=company, municipality=skanderborg)
    assert count_queries() == few


def test_units_of_a_municipality_are_found_through_the_index(skanderborg, skanderborg_coordinator):
    """Whether the index can serve the query: PostgreSQL picks a sequential scan for tables this small
    whenever its statistics say so, so it is told to avoid one (for this test's transaction only)."""
    sql, params = Company.objects.visible_to(skanderborg_coordinator).query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "productionunit_municipality" in plan
