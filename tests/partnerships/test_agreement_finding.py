"""Finding an agreement by its contact person, and reaching its company from it."""

import pytest
from django.urls import reverse

from tests.factories import AgreementFactory, CompanyFactory, ContactPersonFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def test_search_finds_agreements_by_contact_person_name(client, coordinator, school, company):
    wanted = AgreementFactory(school=school, company=company, title="Robotuge")
    AgreementFactory(school=school, company=CompanyFactory(municipality=school.municipality), title="Andet")
    person = ContactPersonFactory(school=school, name="Birgitte Kjærgaard")
    wanted.contact_persons.add(person, ContactPersonFactory(school=school, name="Birgit Holm"))
    client.force_login(coordinator)
    response = client.get(reverse("partnerships:agreement_list"), {"q": "birgit"})
    assert [a.title for a in response.context["page"].object_list] == ["Robotuge"]  # once, not per person
    response = client.get(reverse("partnerships:agreement_list"), {"q": "kjærgaard"})
    assert [a.title for a in response.context["page"].object_list] == ["Robotuge"]


def test_agreement_page_links_the_company_where_its_page_is_visible(client, coordinator, school, company):
    agreement = AgreementFactory(school=school, company=company)
    client.force_login(coordinator)
    body = client.get(agreement.get_absolute_url()).content.decode()
    assert f'href="{company.get_absolute_url()}"' in body


def test_company_of_another_municipality_is_named_not_linked(client, coordinator, school, other_municipality):
    elsewhere = CompanyFactory(municipality=other_municipality, name="Samsø Smedie")
    agreement = AgreementFactory(school=school, company=elsewhere)
    client.force_login(coordinator)
    body = client.get(agreement.get_absolute_url()).content.decode()
    assert "Samsø Smedie" in body and elsewhere.get_absolute_url() not in body
    assert client.get(elsewhere.get_absolute_url()).status_code == 404


def test_school_page_unchanged_for_schools_of_the_municipality(client, coordinator, municipality):
    agreement = AgreementFactory(school=SchoolFactory(municipality=municipality))
    client.force_login(coordinator)
    assert agreement.school.get_absolute_url() in client.get(agreement.get_absolute_url()).content.decode()
