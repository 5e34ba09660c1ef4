"""Organisations as they are registered: associations without a CVR number, and reklamebeskyttelse."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from partnerships.forms import CompanyForm
from partnerships.models import Company, ContactPerson
from tests.factories import CompanyFactory, ContactPersonFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def form_data(municipality, **values):
    return {
        "name": "Odder Gymnastikforening",
        "cvr": "",
        "kind": "association",
        "municipality": municipality.pk,
        "host_status": "pending",
        "hosting_capacity": 1,
        **values,
    }


def test_an_association_without_a_cvr_number_can_be_registered(coordinator, municipality):
    form = CompanyForm(form_data(municipality), user=coordinator)
    assert form.is_valid(), form.errors
    company = form.save()
    assert company.cvr == ""
    second = CompanyForm(form_data(municipality, name="Odder Skakklub"), user=coordinator)
    assert second.is_valid(), second.errors  # several organisations without a CVR number


def test_a_company_still_needs_its_cvr_number(coordinator, municipality):
    form = CompanyForm(form_data(municipality, kind="company"), user=coordinator)
    with translation.override("en"):
        assert not form.is_valid()
        assert "A company needs its CVR number" in str(form.errors)


def test_the_database_refuses_a_company_without_cvr_and_duplicate_cvr_numbers(municipality):
    with pytest.raises(IntegrityError), transaction.atomic():
        Company.objects.create(name="Uden CVR", cvr="", kind="company", municipality=municipality)
    CompanyFactory(cvr="40000003")
    with pytest.raises(ValidationError):
        Company(name="Kopi", cvr="40000003", municipality=municipality).validate_constraints()


def test_the_mailing_list_leaves_out_advertising_protected_companies(client, coordinator, municipality):
    protected = CompanyFactory(municipality=municipality, advertising_protected=True)
    ContactPersonFactory(company=protected, school=None, name="Beskyttet Person")
    ContactPersonFactory(company=CompanyFactory(municipality=municipality), school=None, name="Åben Person")
    ContactPersonFactory(school=SchoolFactory(municipality=municipality), name="Skole Person")
    client.force_login(coordinator)
    text = client.get(reverse("partnerships:contact_export", args=["csv"])).content.decode("utf-8-sig")
    lines = {line.split(";")[0].strip('"'): line for line in text.splitlines()[1:]}
    assert set(lines) == {"Åben Person", "Skole Person"}


def test_the_mailing_list_with_protected_companies_marks_them(client, coordinator, municipality):
    protected = CompanyFactory(municipality=municipality, advertising_protected=True)
    ContactPersonFactory(company=protected, school=None, name="Beskyttet Person")
    ContactPersonFactory(company=CompanyFactory(municipality=municipality), school=None, name="Åben Person")
    client.force_login(coordinator)
    url = reverse("partnerships:contact_export", args=["csv"])
    text = client.get(url, {"protected": "1"}).content.decode("utf-8-sig")
    lines = {line.split(";")[0].strip('"'): line for line in text.splitlines()[1:]}
    assert lines["Beskyttet Person"].rstrip().endswith('"ja"')
    assert lines["Åben Person"].rstrip().endswith('"nej"')


def test_open_to_outreach_is_one_rule_for_companies_and_their_contacts(municipality):
    protected = CompanyFactory(municipality=municipality, advertising_protected=True)
    open_company = CompanyFactory(municipality=municipality)
    ContactPersonFactory(company=protected, school=None)
    reachable = ContactPersonFactory(company=open_company, school=None)
    assert list(Company.objects.open_to_outreach()) == [open_company]
    assert list(ContactPerson.objects.open_to_outreach()) == [reachable]
