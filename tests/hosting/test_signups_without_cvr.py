"""Sign-ups of associations and organisations without a CVR number, and the look-alikes in the queue."""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from hosting.models import HostSignup
from hosting.services import confirm_signup
from partnerships.models import Company, ContactPerson, User
from tests.factories import AgreementFactory, CompanyFactory, ContactPersonFactory, UserFactory

from .hosting_helpers import VALID_CVR, last_link, make_signup, signup_data

pytestmark = pytest.mark.django_db
URL = reverse("hosting:host_signup")
QUEUE = reverse("hosting:host_signup_queue")
ASSOCIATION = {"name": "Odder Cykelklub", "kind": "association", "cvr": ""}


@pytest.fixture
def coordinator(municipality):
    return UserFactory(role=User.Role.COORDINATOR, municipalities=[municipality], email="koord@odder.dk")


def confirmed(municipality, **fields) -> HostSignup:
    return confirm_signup(make_signup(municipality, **fields))


def attach_url(signup, company):
    return reverse("hosting:host_signup_attach", args=[signup.pk, company.pk])


def test_an_association_signs_up_without_a_cvr_number(client, municipality):
    response = client.post(URL, signup_data(municipality, **ASSOCIATION))
    assertRedirects(response, reverse("hosting:host_signup_sent"))
    signup = HostSignup.objects.get()
    assert (signup.cvr, signup.kind) == ("", Company.Kind.ASSOCIATION)
    assert str(signup) == "Odder Cykelklub"
    assert len(mail.outbox) == 1


def test_a_company_without_a_cvr_number_is_asked_for_it(client, municipality):
    response = client.post(URL, signup_data(municipality, cvr=""), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors["cvr"] == [
        "A company needs its CVR number. For an association or organisation without one, "
        "choose that kind above."
    ]
    assertContains(response, 'href="#id_cvr"')  # in the error summary
    assertContains(response, 'value="Odder Maskinfabrik ApS"')
    assert not HostSignup.objects.exists()


@pytest.mark.parametrize("kind", ["association", "organisation"])
def test_a_cvr_number_given_for_an_association_is_still_checked(client, municipality, kind):
    response = client.post(
        URL, signup_data(municipality, kind=kind, cvr="12345678"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assertContains(response, "check digit")
    assert not HostSignup.objects.exists()
    client.post(URL, signup_data(municipality, kind=kind, cvr="DK 12 34 56 74"))
    assert HostSignup.objects.get().cvr == VALID_CVR


def test_the_database_refuses_a_company_sign_up_without_a_cvr_number(municipality):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_signup(municipality, cvr="", kind=Company.Kind.COMPANY)
    make_signup(municipality, cvr="", kind=Company.Kind.ORGANISATION)


def test_the_public_learns_nothing_of_a_known_name_either(client, municipality):
    unknown = client.post(URL, signup_data(municipality, **ASSOCIATION), follow=True)
    CompanyFactory(name="Odder Cykelklub", cvr="", kind=Company.Kind.ASSOCIATION, municipality=municipality)
    data = signup_data(municipality, **ASSOCIATION, contact_email="anden@example.com")
    known = client.post(URL, data, follow=True)

    def without_tokens(response):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())

    assert without_tokens(known) == without_tokens(unknown)
    confirmation = client.post(urlparse(last_link("anden@example.com")).path, follow=True)
    assert confirmation.status_code == 200


def test_without_a_cvr_number_nothing_is_matched_on_confirmation(
    settings, municipality, coordinator, django_capture_on_commit_callbacks
):
    """Another association without a CVR number (or of the same name) is not taken for this one."""
    settings.LANGUAGE_CODE = "en"  # the coordinators' notice
    existing = CompanyFactory(name="Odder Cykelklub", cvr="", kind=Company.Kind.ASSOCIATION)
    with django_capture_on_commit_callbacks(execute=True):
        signup = confirmed(municipality, **ASSOCIATION)
    [notice] = mail.outbox
    assert "Odder Cykelklub (Association, without a CVR number) has signed up" in notice.body
    assert signup.status == HostSignup.Status.WAITING
    assert signup.company != existing
    assert (signup.company.cvr, signup.company.kind) == ("", Company.Kind.ASSOCIATION)
    assert signup.contact.company == signup.company


@pytest.mark.parametrize(
    ("company", "found"),
    [
        ({"name": "  ODDER   cykelklub "}, True),  # the name, whatever the case and spacing
        ({"name": "Århus Roklub"}, False),
        ({"name": "Andet navn", "cvr": VALID_CVR}, True),
        ({"name": "Andet navn", "address": "rosensgade  1", "postcode": "8300"}, True),
        ({"name": "Andet navn", "address": "Rosensgade 1", "postcode": "8000"}, False),
        ({"name": "Odder Cykelklub A/S"}, False),  # a longer name is another one
    ],
)
def test_similar_companies_by_cvr_name_or_address(company, found):
    company = CompanyFactory(**{"address": "Skolevej 2", "postcode": "8300", **company})
    result = Company.objects.similar_to(
        name="Odder Cykelklub", address="Rosensgade 1", postcode="8300", cvr=VALID_CVR
    )
    assert (company in result) is found


def test_similar_companies_compare_danish_letters_in_any_case():
    company = CompanyFactory(name="ÆBLEGÅRDENS Venner", cvr="", kind=Company.Kind.ASSOCIATION)
    assert list(Company.objects.similar_to(name="æblegårdens venner", address="", postcode="", cvr="")) == [
        company
    ]


def test_an_empty_name_or_address_matches_nothing():
    CompanyFactory(name="Virksomhed", cvr="", kind=Company.Kind.ASSOCIATION, address="", postcode="8300")
    assert not Company.objects.similar_to(name=" ", address="", postcode="8300", cvr="").exists()


def test_the_queue_shows_look_alikes_with_a_way_to_use_them(
    client, coordinator, municipality, other_municipality
):
    own = CompanyFactory(
        name="odder  cykelklub", cvr="", kind=Company.Kind.ASSOCIATION, municipality=municipality
    )
    elsewhere = CompanyFactory(
        name="Anden klub", address="Rosensgade 1", postcode="8300", municipality=other_municipality
    )
    unrelated = CompanyFactory(name="Helt anden", municipality=municipality)
    signup = confirmed(municipality, **ASSOCIATION)
    client.force_login(coordinator)
    response = client.get(QUEUE, HTTP_ACCEPT_LANGUAGE="en")
    [row] = response.context["signups"]
    assert [item["company"] for item in row.similar] == [elsewhere, own]
    body = response.content.decode()
    assertContains(response, "Already registered companies that look the same")
    assert own.get_absolute_url() in body and attach_url(signup, own) in body
    assert "Anden klub" in body and elsewhere.get_absolute_url() not in body  # not theirs to open
    assert attach_url(signup, elsewhere) not in body
    assert unrelated.name not in body and signup.company.get_absolute_url() in body


def test_a_regional_viewer_sees_look_alikes_but_cannot_use_them(client, municipality):
    own = CompanyFactory(
        name="Odder Cykelklub", cvr="", kind=Company.Kind.ASSOCIATION, municipality=municipality
    )
    signup = confirmed(municipality, **ASSOCIATION)
    client.force_login(UserFactory(role=User.Role.VIEWER))
    response = client.get(QUEUE)
    assertContains(response, own.get_absolute_url())
    assert attach_url(signup, own) not in response.content.decode()
    assert client.post(attach_url(signup, own)).status_code == 403


def test_using_a_registered_company_moves_the_signup_and_deletes_the_duplicate(
    client, coordinator, municipality, django_capture_on_commit_callbacks
):
    own = CompanyFactory(
        name="Odder Cykelklub", cvr="", kind=Company.Kind.ASSOCIATION, municipality=municipality,
        host_status=Company.HostStatus.INACTIVE,
    )  # fmt: skip
    signup = confirmed(municipality, **ASSOCIATION)
    duplicate, contact = signup.company, signup.contact
    client.force_login(coordinator)
    page = client.get(attach_url(signup, own), HTTP_ACCEPT_LANGUAGE="en")
    assertContains(page, "Use Odder Cykelklub for this sign-up")
    assert Company.objects.filter(pk=duplicate.pk).exists()  # asking changes nothing
    response = client.post(attach_url(signup, own), HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assertRedirects(response, QUEUE)
    assertContains(response, "The sign-up now belongs to Odder Cykelklub")
    signup.refresh_from_db()
    contact.refresh_from_db()
    assert signup.company == own and signup.contact == contact and contact.company == own
    assert signup.status == HostSignup.Status.WAITING
    assert not Company.objects.filter(pk=duplicate.pk).exists()
    assert duplicate.history.filter(history_type="-").get().history_user == coordinator
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("hosting:host_signup_approve", args=[signup.pk]))
    own.refresh_from_db()
    assert own.host_status == Company.HostStatus.APPROVED
    assert User.objects.get(email="mette@example.com").company == own


def test_the_same_signup_twice_ends_as_one_company_with_one_contact(client, coordinator, municipality):
    first = confirmed(municipality, **ASSOCIATION)
    second = confirmed(municipality, **ASSOCIATION)
    assert first.company != second.company  # no CVR number: nothing matched automatically
    client.force_login(coordinator)
    response = client.get(QUEUE)
    similar = {
        signup.pk: [item["company"] for item in signup.similar] for signup in response.context["signups"]
    }
    assert similar == {first.pk: [second.company], second.pk: [first.company]}
    client.post(attach_url(second, first.company))
    second.refresh_from_db()
    assert second.company == first.company and second.contact == first.contact  # the same email address
    assert Company.objects.count() == 1 and ContactPerson.objects.count() == 1
    # The first sign-up's company now has another sign-up: it is not deleted from under it.
    elsewhere = attach_url(first, CompanyFactory(municipality=municipality))
    response = client.post(elsewhere, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assertContains(response, "Other sign-ups or logins belong to Odder Cykelklub")
    first.refresh_from_db()
    assert first.company == second.company


def test_rejecting_after_using_a_registered_host_leaves_its_status(client, coordinator, municipality):
    host = CompanyFactory(
        name="Odder Cykelklub", cvr="", kind=Company.Kind.ASSOCIATION, municipality=municipality
    )
    signup = confirmed(municipality, **ASSOCIATION)
    client.force_login(coordinator)
    client.post(attach_url(signup, host))
    client.post(reverse("hosting:host_signup_reject", args=[signup.pk]), {"reason": "Allerede vært."})
    signup.refresh_from_db()
    host.refresh_from_db()
    assert signup.status == HostSignup.Status.REJECTED
    assert host.host_status == Company.HostStatus.APPROVED


def test_a_duplicate_with_records_of_its_own_is_not_deleted(client, coordinator, municipality):
    own = CompanyFactory(
        name="Odder Cykelklub", cvr="", kind=Company.Kind.ASSOCIATION, municipality=municipality
    )
    signup = confirmed(municipality, **ASSOCIATION)
    duplicate = signup.company
    AgreementFactory(company=duplicate, school__municipality=municipality)
    client.force_login(coordinator)
    response = client.post(attach_url(signup, own), follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assertContains(response, "already has agreements or other records")
    signup.refresh_from_db()
    assert signup.company == duplicate and signup.contact.company == duplicate


def test_a_signup_cannot_be_attached_to_its_own_company_or_once_decided(client, coordinator, municipality):
    signup = confirmed(municipality, **ASSOCIATION)
    client.force_login(coordinator)
    response = client.post(attach_url(signup, signup.company), follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assertContains(response, "already belongs to this company")
    assert Company.objects.filter(pk=signup.company_id).exists()
    other = CompanyFactory(municipality=municipality)
    HostSignup.objects.filter(pk=signup.pk).update(status=HostSignup.Status.APPROVED)
    assertRedirects(client.get(attach_url(signup, other)), QUEUE)
    response = client.post(attach_url(signup, other), follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assertContains(response, "already been decided")


def test_a_company_of_another_municipality_cannot_be_used(
    client, coordinator, municipality, other_municipality
):
    elsewhere = CompanyFactory(name="Odder Cykelklub", municipality=other_municipality)
    ContactPersonFactory(company=elsewhere, school=None)
    signup = confirmed(municipality, **ASSOCIATION)
    client.force_login(coordinator)
    assert client.get(attach_url(signup, elsewhere)).status_code == 404
    assert client.post(attach_url(signup, elsewhere)).status_code == 404
    signup.refresh_from_db()
    assert signup.company != elsewhere
