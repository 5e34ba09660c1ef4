"""The queries behind every page that lists or chooses rows stay the same in number as the data grows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships import widgets
from partnerships.models import CooperationAgreement
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    ContactPersonFactory,
    SchoolFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
Status = CooperationAgreement.Status

PAGES = {
    "agreement list": lambda w: reverse("partnerships:agreement_list"),
    "agreement list, sorted and filtered": lambda w: (
        reverse("partnerships:agreement_list") + f"?ordering=-company&status=active&school={w['school'].pk}"
    ),
    "agreement detail": lambda w: w["agreement"].get_absolute_url(),
    "agreement create form": lambda w: reverse("partnerships:agreement_create"),
    "agreement create form, searched": lambda w: (  # the no-JavaScript Find: sent by POST, not saved
        reverse("partnerships:agreement_create"),
        {"school_q": "skole", "company_q": "virksomhed", "_find": "school"},
    ),
    "agreement edit form": lambda w: reverse("partnerships:agreement_update", args=[w["agreement"].pk]),
    "school list": lambda w: reverse("partnerships:school_list"),
    "company list": lambda w: reverse("partnerships:company_list"),
    "school form": lambda w: reverse("partnerships:school_update", args=[w["school"].pk]),
    "company form": lambda w: reverse("partnerships:company_update", args=[w["company"].pk]),
    "school detail": lambda w: w["school"].get_absolute_url(),
    "workspace": lambda w: reverse("reporting:workspace_municipality", args=[w["school"].municipality.slug]),
}


def grow(municipality, other_municipality, school, company, times: int) -> None:
    """`times` more of everything: schools, companies, contacts and agreements in every status."""
    statuses = [Status.ACTIVE, Status.DRAFT, Status.ENDED, Status.CANCELLED]
    for number in range(times):
        new_school = SchoolFactory(municipality=municipality)
        new_company = CompanyFactory(municipality=[municipality, other_municipality][number % 2])
        ContactPersonFactory(school=new_school)
        ContactPersonFactory(school=None, company=new_company)
        ContactPersonFactory(school=school)
        for partner_school, partner in ((new_school, new_company), (school, company), (school, new_company)):
            agreement = AgreementFactory(school=partner_school, company=partner, status=statuses[number % 4])
            agreement.contact_persons.set(partner_school.contacts.all()[:1])
        AgreementFactory(school=SchoolFactory(municipality=other_municipality), company=company)


def queries(client, page) -> int:
    """The queries of a GET of the URL, or of a POST of (URL, data)."""
    with CaptureQueriesContext(connection) as context:
        response = client.post(*page) if isinstance(page, tuple) else client.get(page)
        assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("role", ["coordinator", "staff"])
def test_query_counts_do_not_grow_with_the_data(
    client, role, coordinator, municipality, other_municipality, monkeypatch, settings
):
    monkeypatch.setattr(widgets, "SHORT_LIST", 3)  # long lists from 4 rows on, at both sizes
    settings.SESSION_RENEW_SECONDS = 24 * 60 * 60  # the session is renewed on the first request only
    user = coordinator if role == "coordinator" else UserFactory(is_staff=True)
    school = SchoolFactory(municipality=municipality)
    company = CompanyFactory(municipality=municipality)
    world = {"school": school, "company": company}
    world["agreement"] = AgreementFactory(school=school, company=company)
    world["agreement"].contact_persons.set([ContactPersonFactory(school=school)])
    grow(municipality, other_municipality, school, company, 4)
    client.force_login(user)
    client.get(reverse("partnerships:agreement_list"))
    small = {name: queries(client, page(world)) for name, page in PAGES.items()}
    grow(municipality, other_municipality, school, company, 30)  # past a page of 25 everywhere
    large = {name: queries(client, page(world)) for name, page in PAGES.items()}
    assert large == small
    assert max(large.values()) <= 16, large


def test_page_links_show_the_neighbours_the_ends_and_gaps():
    from django.core.paginator import Paginator

    from partnerships.templatetags.portal import page_numbers

    paginator = Paginator(range(1000), 10)
    assert page_numbers(paginator.page(50)) == [1, None, 47, 48, 49, 50, 51, 52, 53, None, 100]
    assert page_numbers(paginator.page(1)) == [1, 2, 3, 4, None, 100]
