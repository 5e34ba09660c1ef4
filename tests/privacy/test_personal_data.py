import json

import pytest
from axes.models import AccessAttempt, AccessLog
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from hosting.models import HostSignup
from hosting.services import confirm_signup
from partnerships.models import ContactPerson, User
from programmes.models import ResourcePerson
from tests.factories import (
    AgreementFactory,
    ContactPersonFactory,
    ResourcePersonFactory,
    SchoolFactory,
    UserFactory,
)
from tests.hosting.hosting_helpers import make_signup

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(municipality):
    return UserFactory(role=User.Role.COORDINATOR, municipalities=[municipality])


@pytest.fixture
def person(company):
    contact = ContactPersonFactory(
        school=None, company=company, name="Mette Hansen", email="mette@example.com", role="HR-chef"
    )
    contact.phone = "+45 87 65 43 21"
    contact.save()
    return contact


def test_privacy_notice_is_public_and_linked_from_the_footer(client, db):
    url = reverse("privacy:privacy_notice")
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1
    for topic in ("What we keep", "Why", "For how long", "Whom to contact"):
        assertContains(response, topic)
    assert url in client.get(reverse("reporting:home")).content.decode()


def test_export_contains_everything_held_about_the_person(client, coordinator, person, company, municipality):
    agreement = AgreementFactory(company=company, school=SchoolFactory(municipality=municipality))
    agreement.contact_persons.add(person)
    make_signup(
        municipality,
        cvr=company.cvr,
        company=company,
        contact_email="Mette@Example.com",
        status=HostSignup.Status.KNOWN,
    )
    account = UserFactory(email="mette@example.com", role=User.Role.COMPANY, company=company)
    client.force_login(coordinator)
    response = client.get(reverse("privacy:contact_export", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["contact_person"]["name"] == "Mette Hansen"
    assert data["contact_person"]["phone"] == "+45 87 65 43 21"
    assert data["agreements"] == [{"id": agreement.pk, "title": agreement.title, "status": "active"}]
    assert len(data["history"]) == 2
    assert data["host_signups"][0]["contact_email"] == "Mette@Example.com"
    assert data["user_accounts"][0]["email"] == account.email


def test_erase_asks_for_confirmation(client, coordinator, person):
    client.force_login(coordinator)
    response = client.get(reverse("privacy:contact_erase", args=[person.pk]))
    assertContains(response, "Mette Hansen")
    person.refresh_from_db()
    assert person.name == "Mette Hansen"


def test_erase_anonymises_everywhere_and_keeps_agreements(
    client, coordinator, company, municipality, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signup = confirm_signup(make_signup(municipality, cvr=company.cvr))  # known company
    person = ContactPersonFactory(
        school=None, company=company, name="Mette Hansen", email="mette@example.com"
    )
    person.role = "Direktør"
    person.save()
    agreement = AgreementFactory(company=company, school=SchoolFactory(municipality=municipality))
    agreement.contact_persons.add(person)
    account = UserFactory(email="mette@example.com", role=User.Role.COMPANY, company=company)
    AccessLog.objects.create(username="mette@example.com", ip_address="192.0.2.1", user_agent="x")
    AccessAttempt.objects.create(
        username="mette@example.com", ip_address="192.0.2.1", user_agent="x", failures_since_start=1
    )
    client.force_login(coordinator)
    response = client.post(reverse("privacy:contact_erase", args=[person.pk]))
    assertRedirects(response, company.get_absolute_url())
    person.refresh_from_db()
    assert person.email == "" and person.phone == "" and person.role == ""
    assert "Mette" not in person.name
    for record in person.history.all():
        assert "Mette" not in record.name and "mette" not in record.email and record.role != "Direktør"
    assert person.history.count() == 1
    signup.refresh_from_db()
    assert signup.contact_email == "" and "Mette" not in signup.contact_name and signup.contact_phone == ""
    account.refresh_from_db()
    assert not account.is_active and "mette" not in account.email and not account.has_usable_password()
    assert not AccessLog.objects.filter(username__icontains="mette").exists()
    assert not AccessAttempt.objects.filter(username__icontains="mette").exists()
    agreement.refresh_from_db()
    assert list(agreement.contact_persons.all()) == [person]
    assert ContactPerson.objects.filter(pk=person.pk).exists()
    exported = json.loads(client.get(reverse("privacy:contact_export", args=[person.pk])).content)
    assert "mette" not in json.dumps(exported).lower()


def test_school_contacts_can_be_erased_too(client, coordinator, school):
    person = ContactPersonFactory(school=school, name="Lærer Jensen")
    client.force_login(coordinator)
    client.post(reverse("privacy:contact_erase", args=[person.pk]))
    person.refresh_from_db()
    assert "Jensen" not in person.name
    assert not person.history.filter(name="Lærer Jensen").exists()


@pytest.mark.parametrize("name", ["contact_export", "contact_erase"])
def test_outsiders_get_404_and_viewers_403(client, person, other_municipality, name):
    outsider = UserFactory(role=User.Role.COORDINATOR, municipalities=[other_municipality])
    client.force_login(outsider)
    assert client.get(reverse(f"privacy:{name}", args=[person.pk])).status_code == 404
    assert client.post(reverse(f"privacy:{name}", args=[person.pk])).status_code in (404, 405)
    client.force_login(UserFactory(role=User.Role.VIEWER))
    assert client.get(reverse(f"privacy:{name}", args=[person.pk])).status_code == 403
    person.refresh_from_db()
    assert person.name == "Mette Hansen"


def test_coordinator_sees_export_and_erase_links(client, coordinator, person, company):
    client.force_login(coordinator)
    body = client.get(company.get_absolute_url()).content.decode()
    assert reverse("privacy:contact_export", args=[person.pk]) in body
    assert reverse("privacy:contact_erase", args=[person.pk]) in body


def test_export_and_erase_never_reach_another_municipalitys_signup_by_email(
    client, coordinator, school, other_municipality
):
    """An Aarhus coordinator cannot read or erase a Horsens sign-up by giving a contact its address."""
    horsens = make_signup(
        other_municipality, contact_email="ole@horsens.example.com", contact_name="Ole Holm"
    )
    trap = ContactPersonFactory(school=school, name="Lokkedue", email="Ole@Horsens.example.com")
    client.force_login(coordinator)
    exported = client.get(reverse("privacy:contact_export", args=[trap.pk])).content.decode()
    assert "Ole Holm" not in exported and horsens.cvr not in exported
    page = client.get(reverse("privacy:contact_erase", args=[trap.pk])).content.decode()
    assert "Ole Holm" not in page and horsens.name not in page
    client.post(reverse("privacy:contact_erase", args=[trap.pk]))
    horsens.refresh_from_db()
    assert horsens.contact_name == "Ole Holm" and horsens.contact_email == "ole@horsens.example.com"


def test_a_signup_of_another_company_with_the_same_address_is_left_alone(
    client, coordinator, person, municipality
):
    other = make_signup(
        municipality, cvr="32345673", contact_email="mette@example.com", contact_name="Mette H."
    )
    client.force_login(coordinator)
    data = json.loads(client.get(reverse("privacy:contact_export", args=[person.pk])).content)
    assert data["host_signups"] == []
    client.post(reverse("privacy:contact_erase", args=[person.pk]))
    other.refresh_from_db()
    assert other.contact_name == "Mette H."


@pytest.mark.parametrize("role", ["staff", "coordinator"])
def test_erase_never_touches_another_accounts_login_records_or_lockout(client, coordinator, school, role):
    """A contact given an administrator's or a colleague's address: their logins and lockout stay."""
    if role == "staff":
        account = UserFactory(email="chef@example.com", is_staff=True)
    else:
        account = UserFactory(email="chef@example.com", role=User.Role.COORDINATOR)
    AccessLog.objects.create(username="chef@example.com", ip_address="192.0.2.1", user_agent="x")
    AccessAttempt.objects.create(
        username="chef@example.com", ip_address="192.0.2.1", user_agent="x", failures_since_start=5
    )
    trap = ContactPersonFactory(school=school, name="Lokkedue", email="Chef@Example.com")
    client.force_login(coordinator)
    data = json.loads(client.get(reverse("privacy:contact_export", args=[trap.pk])).content)
    assert data["login_records"] == 0 and data["user_accounts"] == []
    client.post(reverse("privacy:contact_erase", args=[trap.pk]))
    assert AccessLog.objects.filter(username="chef@example.com").count() == 1
    assert AccessAttempt.objects.filter(username="chef@example.com", failures_since_start=5).exists()
    account.refresh_from_db()
    assert account.is_active and account.email == "chef@example.com"


def test_erase_page_lists_exactly_what_will_be_erased(client, coordinator, person, company, municipality):
    make_signup(municipality, cvr=company.cvr, company=company, contact_email="mette@example.com")
    UserFactory(email="mette@example.com", role=User.Role.COMPANY, company=company)
    AccessLog.objects.create(username="mette@example.com", ip_address="192.0.2.1", user_agent="x")
    client.force_login(coordinator)
    response = client.get(reverse("privacy:contact_erase", args=[person.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assertContains(response, "The contact details in the host sign-up of Odder Maskinfabrik ApS")
    assertContains(response, "The company login mette@example.com")
    assertContains(response, "1 login record of that login.")
    assertContains(response, "2 versions in the record of changes.")


def test_resource_person_export_and_erase_asks_first(client, coordinator, municipality):
    person = ResourcePersonFactory(municipality=municipality, name="Mette Madsen")
    person.role = "Tovholder"
    person.save()
    client.force_login(coordinator)
    response = client.get(reverse("privacy:resource_person_export", args=[person.pk]))
    data = json.loads(response.content)
    assert data["resource_person"]["name"] == "Mette Madsen"
    assert len(data["history"]) == 2
    assert "attachment" in response["Content-Disposition"]

    page = client.get(reverse("privacy:resource_person_erase", args=[person.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assertContains(page, "2 versions in the record of changes.")
    assert ResourcePerson.objects.filter(pk=person.pk).exists()
    response = client.post(reverse("privacy:resource_person_erase", args=[person.pk]))
    assertRedirects(response, reverse("programmes:network_overview", args=[municipality.slug]))
    assert not ResourcePerson.objects.exists()
    assert not ResourcePerson.history.filter(name="Mette Madsen").exists()
