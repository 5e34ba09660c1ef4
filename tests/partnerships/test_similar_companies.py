"""The duplicate warning of the company form, and `Company.objects.similar_to` behind it."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from partnerships.models import Company
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("partnerships:company_create")


def new_company(municipality, **changes):
    values = {
        "name": "Odder Maskinfabrik A/S",
        "cvr": "",
        "kind": "organisation",
        "municipality": municipality.pk,
        "address": "Industrivej 8",
        "postcode": "8300",
        "host_status": "approved",
        "hosting_capacity": "1",
    }
    return {**values, **changes}


@pytest.fixture
def existing(municipality):
    return CompanyFactory(
        name="Odder Maskinfabrik A/S", address="Havnen 1", postcode="8300", municipality=municipality
    )


def test_same_name_in_other_case_and_spacing_is_similar(existing):
    assert list(Company.objects.similar_to(name="  odder maskinfabrik a/s ")) == [existing]
    assert list(Company.objects.similar_to(name="odder   maskinfabrik  A/S")) == [existing]
    assert not Company.objects.similar_to(name="Odder Maskinfabrik").exists()


def test_same_address_and_postcode_is_similar(existing):
    assert list(Company.objects.similar_to(name="Andet navn", address="havnen 1 ", postcode="8300")) == [
        existing
    ]
    assert not Company.objects.similar_to(name="Andet navn", address="Havnen 1", postcode="8000").exists()
    assert not Company.objects.similar_to(address="Havnen 1").exists()  # an address alone is no match


def test_nothing_given_matches_nothing(existing):
    assert not Company.objects.similar_to().exists()
    assert not Company.objects.similar_to(name="Odder Maskinfabrik A/S", exclude_pk=existing.pk).exists()


def test_a_company_like_another_asks_for_confirmation_and_keeps_the_input(
    client, english, coordinator, municipality, existing
):
    client.force_login(coordinator)
    response = client.post(
        CREATE_URL, new_company(municipality, name="odder maskinfabrik a/s", sector="food")
    )
    assert response.status_code == 200
    assert Company.objects.count() == 1
    assertContains(response, "Companies like this one are already in the portal")
    assertContains(response, f'<a href="{existing.get_absolute_url()}">Odder Maskinfabrik A/S</a>', html=True)
    assertContains(response, 'href="#id_confirm_similar"')
    assertContains(response, 'type="checkbox" name="confirm_similar"')
    form = response.context["form"]
    assert (form["name"].value(), form["sector"].value()) == ("odder maskinfabrik a/s", "food")


def test_save_anyway_creates_the_company(client, coordinator, municipality, existing):
    client.force_login(coordinator)
    response = client.post(CREATE_URL, new_company(municipality, confirm_similar="on"))
    created = Company.objects.exclude(pk=existing.pk).get()
    assertRedirects(response, created.get_absolute_url())


def test_same_address_warns_too(client, coordinator, municipality, existing):
    client.force_login(coordinator)
    response = client.post(CREATE_URL, new_company(municipality, name="Nyt Navn ApS", address="Havnen 1"))
    assert response.status_code == 200
    assert response.context["form"].similar == [existing]


def test_a_similar_company_the_user_cannot_open_is_named_without_a_link(
    client, english, coordinator, municipality, other_municipality
):
    elsewhere = CompanyFactory(name="Odder Maskinfabrik A/S", municipality=other_municipality)
    client.force_login(coordinator)
    response = client.post(CREATE_URL, new_company(municipality))
    assertContains(response, "Odder Maskinfabrik A/S (Samsø")
    assert elsewhere.get_absolute_url() not in response.content.decode()


def test_editing_other_fields_of_a_duplicate_does_not_warn(client, coordinator, municipality, existing):
    twin = CompanyFactory(name="Odder Maskinfabrik A/S", municipality=municipality)
    client.force_login(coordinator)
    url = reverse("partnerships:company_update", args=[twin.pk])
    data = new_company(
        municipality, cvr=twin.cvr, kind="company", address="", postcode="8300", version=twin.version
    )
    response = client.post(url, {**data, "hosting_capacity": "3"})
    assertRedirects(response, twin.get_absolute_url())
    twin.refresh_from_db()
    assert twin.hosting_capacity == 3
