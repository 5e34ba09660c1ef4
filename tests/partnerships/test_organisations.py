import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from partnerships.models import Company, ContactPerson, School
from tests.factories import AgreementFactory, CompanyFactory, ContactPersonFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def test_coordinator_creates_a_school_in_own_municipality(client, coordinator, municipality):
    client.force_login(coordinator)
    response = client.post(
        reverse("partnerships:school_create"),
        {
            "name": "Ny Skole",
            "municipality": municipality.pk,
            "kind": "htx",
            "postcode": "8300",
            "active": "on",
        },
    )
    school = School.objects.get(name="Ny Skole")
    assertRedirects(response, school.get_absolute_url())
    assert school.stage == School.Stage.YOUTH


def test_coordinator_cannot_create_a_school_elsewhere(client, coordinator, other_municipality):
    client.force_login(coordinator)
    response = client.post(
        reverse("partnerships:school_create"),
        {"name": "Fremmed", "municipality": other_municipality.pk, "kind": "folkeskole"},
    )
    assert response.status_code == 200
    assert "municipality" in response.context["form"].errors
    assert not School.objects.filter(name="Fremmed").exists()


def test_school_edit_is_recorded_in_history(client, coordinator, school):
    client.force_login(coordinator)
    client.post(
        reverse("partnerships:school_update", args=[school.pk]),
        {
            "name": "Omdøbt Skole",
            "municipality": school.municipality.pk,
            "kind": "folkeskole",
            "active": "on",
        },
    )
    school.refresh_from_db()
    assert school.name == "Omdøbt Skole"
    assert school.history.first().history_user == coordinator
    assertContains(client.get(school.get_absolute_url()), "Omdøbt Skole")


def test_bad_postcode_and_institution_number_are_explained(client, danish, coordinator, municipality):
    client.force_login(coordinator)
    response = client.post(
        reverse("partnerships:school_create"),
        {
            "name": "Skole X",
            "municipality": municipality.pk,
            "kind": "folkeskole",
            "postcode": "83",
            "institution_number": "12",
        },
    )
    assertContains(response, "Skriv præcis 4 cifre.")
    assertContains(response, "Et institutionsnummer har præcis 6 cifre.")
    assertContains(response, 'value="Skole X"')


def test_coordinator_creates_a_company_with_a_pasted_cvr(client, coordinator, municipality):
    client.force_login(coordinator)
    response = client.post(
        reverse("partnerships:company_create"),
        {
            "name": "Ny A/S",
            "cvr": "DK 12 34 56 74",
            "kind": "company",
            "municipality": municipality.pk,
            "host_status": "approved",
            "hosting_capacity": "2",
            "website": "example.dk",
        },
    )
    company = Company.objects.get(name="Ny A/S")
    assertRedirects(response, company.get_absolute_url())
    assert company.cvr == "12345674"
    assert company.website == "https://example.dk"


def test_wrong_cvr_is_refused_in_danish(client, danish, coordinator, municipality):
    client.force_login(coordinator)
    response = client.post(
        reverse("partnerships:company_create"),
        {"name": "Forkert", "cvr": "12345675", "kind": "company", "municipality": municipality.pk,
         "host_status": "approved", "hosting_capacity": "1"},
    )  # fmt: skip
    assertContains(response, "kontrolcifferet passer ikke")
    assert not Company.objects.filter(name="Forkert").exists()


def test_company_detail_lists_its_agreements(client, coordinator, school, company):
    AgreementFactory(school=school, company=company, title="Fælles projekt")
    client.force_login(coordinator)
    assertContains(client.get(company.get_absolute_url()), "Fælles projekt")


def test_contacts_can_be_added_edited_and_removed(client, coordinator, school):
    client.force_login(coordinator)
    add_url = reverse("partnerships:school_contact_create", args=[school.pk])
    response = client.post(add_url, {"name": "Lise Lærer", "role": "Lærer", "email": "lise@example.com",
                                      "phone": "12 34 56 78"})  # fmt: skip
    assertRedirects(response, school.get_absolute_url())
    contact = ContactPerson.objects.get(name="Lise Lærer")
    assert contact.school == school
    assert contact.phone == "+45 12 34 56 78"
    data = {"name": "Lise Lærer", "role": "Skoleleder", "email": "lise@example.com", "phone": ""}
    client.post(reverse("partnerships:contact_update", args=[contact.pk]), data)
    contact.refresh_from_db()
    assert contact.role == "Skoleleder"
    client.post(reverse("partnerships:contact_delete", args=[contact.pk]))
    assert not ContactPerson.objects.filter(pk=contact.pk).exists()


def test_invalid_phone_is_refused(client, danish, coordinator, school):
    client.force_login(coordinator)
    response = client.post(reverse("partnerships:school_contact_create", args=[school.pk]),
                           {"name": "Per", "phone": "123"})  # fmt: skip
    assertContains(response, "Skriv et dansk telefonnummer")


def test_search_filters_school_list(client, coordinator, municipality):
    SchoolFactory(municipality=municipality, name="Bakkeskolen")
    SchoolFactory(municipality=municipality, name="Skovskolen")
    client.force_login(coordinator)
    names = [s.name for s in client.get(reverse("partnerships:school_list"), {"q": "bakke"}).context["page"]]
    assert names == ["Bakkeskolen"]


@pytest.mark.parametrize("rows", [5, 50])
def test_school_and_company_lists_use_constant_queries(
    client, coordinator, municipality, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        school = SchoolFactory(municipality=municipality)
        company = CompanyFactory(municipality=municipality)
        ContactPersonFactory(school=school)
        AgreementFactory(school=school, company=company)
    client.force_login(coordinator)
    for name in ("partnerships:school_list", "partnerships:company_list"):
        with django_assert_max_num_queries(10):
            assert client.get(reverse(name)).status_code == 200


def test_company_host_status_filter(client, coordinator, municipality):
    CompanyFactory(municipality=municipality, name="Godkendt")
    CompanyFactory(municipality=municipality, name="Venter", host_status="pending")
    client.force_login(coordinator)
    names = [
        c.name
        for c in client.get(reverse("partnerships:company_list"), {"host_status": "pending"}).context["page"]
    ]
    assert names == ["Venter"]


def test_other_municipalitys_contact_cannot_be_deleted(client, coordinator, other_municipality):
    contact = ContactPersonFactory(school=SchoolFactory(municipality=other_municipality))
    client.force_login(coordinator)
    assert client.post(reverse("partnerships:contact_delete", args=[contact.pk])).status_code == 404
    assert ContactPerson.objects.filter(pk=contact.pk).exists()
