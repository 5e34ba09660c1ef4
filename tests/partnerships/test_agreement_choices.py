"""The agreement form's long choice lists: the search endpoint and the few options the page carries."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from partnerships import widgets
from partnerships.models import Company, CooperationAgreement
from tests.factories import AgreementFactory, CompanyFactory, ContactPersonFactory, SchoolFactory
from tests.partnerships.test_agreements import form_data

pytestmark = pytest.mark.django_db


def choices(client, kind, **params):
    response = client.get(reverse("partnerships:agreement_choices", args=[kind]), params)
    assert response.status_code == 200
    return {row["label"]: row["id"] for row in response.json()["results"]}


@pytest.fixture
def long_lists(monkeypatch):
    """Lists count as long from three rows on, so a test needs no thousands of rows."""
    monkeypatch.setattr(widgets, "SHORT_LIST", 2)


def test_school_search_offers_only_the_coordinators_schools(
    client, coordinator, municipality, other_municipality
):
    SchoolFactory(municipality=municipality, name="Bakkeskolen")
    SchoolFactory(municipality=other_municipality, name="Bakkehuset Samsø")
    client.force_login(coordinator)
    assert list(choices(client, "schools", q="bakke")) == ["Bakkeskolen"]


def test_company_search_offers_approved_hosts_local_first(
    client, coordinator, municipality, other_municipality
):
    CompanyFactory(municipality=other_municipality, name="Aaa Stål A/S")
    CompanyFactory(municipality=municipality, name="Zzz Stål ApS")
    CompanyFactory(municipality=municipality, name="Stål Afventer", host_status=Company.HostStatus.PENDING)
    client.force_login(coordinator)
    labels = list(choices(client, "companies", q="stål"))
    assert labels == [f"Zzz Stål ApS ({municipality.name})", f"Aaa Stål A/S ({other_municipality.name})"]


def test_contacts_follow_the_chosen_school_and_company(
    client, coordinator, school, company, other_municipality
):
    teacher = ContactPersonFactory(school=school, name="Lis Lærer")
    ContactPersonFactory(school=SchoolFactory(municipality=school.municipality), name="Anden Lærer")
    boss = ContactPersonFactory(school=None, company=company, name="Bo Direktør")
    stranger = ContactPersonFactory(school=SchoolFactory(municipality=other_municipality), name="Fremmed")
    client.force_login(coordinator)
    found = choices(client, "contacts", school=school.pk, company=company.pk)
    assert sorted(found.values()) == sorted([teacher.pk, boss.pk])
    assert choices(client, "contacts", school=stranger.school_id) == {}


@pytest.mark.parametrize("kind", ["schools", "companies", "contacts"])
def test_regional_viewer_may_not_search(client, viewer, kind):
    client.force_login(viewer)
    assert client.get(reverse("partnerships:agreement_choices", args=[kind])).status_code == 403


def test_unknown_list_is_404_and_odd_input_no_error(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("partnerships:agreement_choices", args=["users"])).status_code == 404
    assert choices(client, "contacts", school="9" * 30, company="x") == {}


def test_long_list_carries_only_the_chosen_and_found_schools(
    client, coordinator, municipality, other_municipality, long_lists
):
    for number in range(4):
        SchoolFactory(municipality=municipality, name=f"Skovskolen {number}")
    SchoolFactory(municipality=municipality, name="Engskolen")
    SchoolFactory(municipality=other_municipality, name="Engskolen Samsø")
    client.force_login(coordinator)
    url = reverse("partnerships:agreement_create")
    page = client.get(url)
    assertNotContains(page, "Skovskolen")
    assertContains(page, 'name="school_q"')
    # Without JavaScript: Find sends the form like a save, by POST (the CSRF token stays out of the address),
    # but saves nothing; what was typed stays, the matches are listed.
    assertContains(page, 'name="_find" value="school"')
    page = client.post(url, {"title": "Mit udkast", "school_q": "eng", "_find": "school"})
    assert page.status_code == 200
    assertContains(page, 'value="Mit udkast"')
    assertContains(page, ">Engskolen</option>")
    assertNotContains(page, "Samsø")
    assertNotContains(page, "Skovskolen")
    assert not CooperationAgreement.objects.filter(title="Mit udkast").exists()


def test_edit_form_keeps_the_current_choices_in_a_long_list(client, coordinator, school, company, long_lists):
    SchoolFactory.create_batch(3, municipality=school.municipality)
    CompanyFactory.create_batch(3, municipality=company.municipality)
    person = ContactPersonFactory(school=None, company=company, name="Bo Direktør")
    agreement = AgreementFactory(school=school, company=company)
    agreement.contact_persons.set([person])
    client.force_login(coordinator)
    page = client.get(reverse("partnerships:agreement_update", args=[agreement.pk]))
    assertContains(page, f'<option value="{school.pk}" selected>{school.name}</option>', html=True)
    assertContains(page, f'value="{company.pk}" selected')
    assertContains(page, f'value="{person.pk}" selected')


def test_outsiders_school_company_and_contact_are_refused(
    client, coordinator, school, company, other_municipality
):
    foreign_school = SchoolFactory(municipality=other_municipality)
    pending = CompanyFactory(host_status=Company.HostStatus.PENDING)
    foreign_contact = ContactPersonFactory(school=foreign_school)
    client.force_login(coordinator)
    url = reverse("partnerships:agreement_create")
    for data, field in [
        (form_data(foreign_school, company), "school"),
        (form_data(school, pending), "company"),
        (form_data(school, company, contact_persons=[foreign_contact.pk]), "contact_persons"),
    ]:
        response = client.post(url, data)
        assert field in response.context["form"].errors
    assert not CooperationAgreement.objects.exists()
    assert choices(client, "contacts", school=foreign_school.pk) == {}
