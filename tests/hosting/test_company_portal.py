import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from partnerships.models import Company, ContactPerson, User
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    ContactPersonFactory,
    ProgrammeFactory,
    SchoolFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
HOME = reverse("hosting:my_company")


@pytest.fixture
def company_user(company):
    return UserFactory(role=User.Role.COMPANY, company=company)


@pytest.fixture
def own_contact(company):
    return ContactPersonFactory(school=None, company=company, name="Egen Kontakt")


def profile_data(company, **overrides):
    data = {
        "name": company.name,
        "kind": company.kind,
        "address": "Ny Vej 2",
        "postcode": "8300",
        "sector": "food",
        "employee_band": "50-249",
        "website": "",
        "hosting_capacity": "4",
    }
    data.update(overrides)
    return data


def test_dashboard_and_navigation_lead_company_users_to_their_page(client, company_user):
    client.force_login(company_user)
    assertRedirects(client.get(reverse("reporting:dashboard")), HOME)
    response = client.get(HOME)
    assertContains(response, company_user.company.name)
    assert response.content.decode().count("<h1") == 1


def test_company_page_shows_own_agreements_read_only(client, company_user, company, own_contact):
    agreement = AgreementFactory(company=company, school=SchoolFactory(municipality=company.municipality))
    other = AgreementFactory()
    client.force_login(company_user)
    response = client.get(HOME)
    assertContains(response, agreement.title)
    assertContains(response, "Egen Kontakt")
    assert other.title not in response.content.decode()
    assert client.get(agreement.get_absolute_url()).status_code == 200
    assert reverse("partnerships:agreement_update", args=[agreement.pk]) not in response.content.decode()
    assert client.get(reverse("partnerships:agreement_update", args=[agreement.pk])).status_code == 403
    assert client.get(other.get_absolute_url()).status_code == 404


def test_company_user_edits_profile_capacity_and_programmes(client, company_user, company):
    programme = ProgrammeFactory()
    client.force_login(company_user)
    url = reverse("hosting:my_company_update")
    assert client.get(url).status_code == 200
    response = client.post(url, profile_data(company, programmes_of_interest=[programme.pk]))
    assertRedirects(response, HOME)
    company.refresh_from_db()
    assert company.hosting_capacity == 4
    assert company.address == "Ny Vej 2"
    assert list(company.programmes_of_interest.all()) == [programme]
    assert company.history.first().history_user == company_user


def test_company_user_cannot_change_cvr_municipality_or_status(
    client, company_user, company, other_municipality
):
    client.force_login(company_user)
    data = profile_data(
        company, cvr="11111111", municipality=other_municipality.pk, host_status=Company.HostStatus.INACTIVE
    )
    client.post(reverse("hosting:my_company_update"), data)
    before_cvr = company.cvr
    company.refresh_from_db()
    assert company.cvr == before_cvr
    assert company.municipality != other_municipality
    assert company.host_status == Company.HostStatus.APPROVED


@pytest.mark.parametrize(
    ("field", "value"), [("hosting_capacity", "51"), ("postcode", "12345"), ("name", ""), ("name", "n" * 300)]
)
def test_invalid_profile_is_refused_with_a_message(client, company_user, company, field, value):
    client.force_login(company_user)
    response = client.post(reverse("hosting:my_company_update"), profile_data(company, **{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    company.refresh_from_db()
    assert company.hosting_capacity != 51


def test_an_association_without_a_cvr_number_cannot_make_itself_a_company(client, municipality):
    association = CompanyFactory(municipality=municipality, cvr="", kind=Company.Kind.ASSOCIATION)
    client.force_login(UserFactory(role=User.Role.COMPANY, company=association))
    data = profile_data(association, kind="company", version=association.version)
    response = client.post(reverse("hosting:my_company_update"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors["kind"] == [
        "A company needs its CVR number. Ask the coordinator of your municipality to register it first."
    ]
    association.refresh_from_db()
    assert association.kind == Company.Kind.ASSOCIATION


def test_company_user_manages_own_contact_persons(client, company_user, company, own_contact):
    client.force_login(company_user)
    response = client.post(
        reverse("hosting:my_company_contact_create"),
        {"name": "Ny Person", "role": "Mester", "email": "ny@example.com", "phone": "12345678"},
    )
    assertRedirects(response, HOME)
    new = ContactPerson.objects.get(name="Ny Person")
    assert new.company == company and new.phone == "+45 12 34 56 78"
    response = client.post(
        reverse("hosting:my_company_contact_update", args=[own_contact.pk]),
        {"name": "Egen Kontakt", "role": "Direktør", "email": "egen@example.com", "phone": ""},
    )
    assertRedirects(response, HOME)
    own_contact.refresh_from_db()
    assert own_contact.role == "Direktør"
    response = client.post(
        reverse("hosting:my_company_contact_update", args=[own_contact.pk]),
        {"name": "Egen Kontakt", "phone": "123"},
    )
    assert response.context["form"].errors["phone"]
    assertRedirects(client.post(reverse("hosting:my_company_contact_delete", args=[new.pk])), HOME)
    assert not ContactPerson.objects.filter(pk=new.pk).exists()


def test_other_peoples_contacts_do_not_exist_for_a_company_user(client, company_user, municipality):
    school_contact = ContactPersonFactory(school=SchoolFactory(municipality=municipality))
    other_company_contact = ContactPersonFactory(
        school=None, company=CompanyFactory(municipality=municipality)
    )
    client.force_login(company_user)
    for contact in (school_contact, other_company_contact):
        assert client.get(reverse("hosting:my_company_contact_update", args=[contact.pk])).status_code == 404
        assert client.post(reverse("hosting:my_company_contact_delete", args=[contact.pk])).status_code == 404
        assert client.get(reverse("partnerships:contact_update", args=[contact.pk])).status_code == 403
        assert client.get(reverse("privacy:contact_export", args=[contact.pk])).status_code == 403
    assert ContactPerson.objects.filter(pk=school_contact.pk).exists()


def test_company_user_sees_nothing_of_other_companies_or_coordinator_pages(
    client, company_user, municipality
):
    other = CompanyFactory(municipality=municipality)
    school = SchoolFactory(municipality=municipality)
    client.force_login(company_user)
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(company_user.company.get_absolute_url()).status_code == 200
    for url in (
        reverse("partnerships:company_list"),
        reverse("partnerships:school_list"),
        reverse("partnerships:agreement_list"),
        reverse("reporting:workspace"),
        reverse("hosting:host_signup_queue"),
        school.get_absolute_url(),
        reverse("partnerships:company_update", args=[company_user.company_id]),
    ):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize(
    "name",
    ["my_company", "my_company_update", "my_company_contact_create"],
)
def test_other_roles_get_403_on_company_pages(client, municipality, name):
    coordinator = UserFactory(role=User.Role.COORDINATOR, municipalities=[municipality])
    for user in (coordinator, UserFactory(is_staff=True), UserFactory()):
        client.force_login(user)
        assert client.get(reverse(f"hosting:{name}")).status_code == 403
