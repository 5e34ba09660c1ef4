"""School, company, contact-person and host-sign-up lists as CSV and Excel, as coordinators see them."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hosting.models import HostSignup
from tests.factories import CompanyFactory, ContactPersonFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_school_list_as_csv_follows_the_search_and_the_municipality(
    client, coordinator, municipality, other_municipality
):
    SchoolFactory(municipality=municipality, name="Bakkeskolen")
    SchoolFactory(municipality=municipality, name="Skovskolen")
    SchoolFactory(municipality=other_municipality, name="Bakke Friskole")
    client.force_login(coordinator)
    response = client.get(reverse("partnerships:school_export", args=["csv"]), {"q": "bakke"})
    assert response["Content-Disposition"] == 'attachment; filename="skoler.csv"'
    header, *rows = csv_rows(response)
    assert header[:3] == ["Navn", "Kommune", "Type"]
    assert [row[:2] for row in rows] == [["Bakkeskolen", "Odder"]]


def test_company_list_as_xlsx_with_host_status_filter(client, coordinator, municipality):
    CompanyFactory(municipality=municipality, name="Odder Træ ApS")
    CompanyFactory(municipality=municipality, name="=Formel ApS", host_status="pending")
    client.force_login(coordinator)
    response = client.get(reverse("partnerships:company_export", args=["xlsx"]), {"host_status": "pending"})
    sheet = load_workbook(io.BytesIO(response.content))["Virksomheder"]
    values = list(sheet.values)
    assert values[0][:2] == ("Navn", "CVR-nummer")
    assert [row[0] for row in values[1:]] == ["'=Formel ApS"]  # never run as a formula
    assert "Afventer godkendelse" in values[1]


def test_contact_persons_mailing_list_only_of_visible_organisations(
    client, coordinator, municipality, other_municipality
):
    ContactPersonFactory(
        school=SchoolFactory(municipality=municipality), name="Anna Skov", email="anna@example.dk"
    )
    ContactPersonFactory(
        company=CompanyFactory(municipality=municipality), name="Bo Holm", email="bo@example.dk", school=None
    )
    ContactPersonFactory(school=SchoolFactory(municipality=other_municipality), name="Ude Andersen")
    client.force_login(coordinator)
    header, *rows = csv_rows(client.get(reverse("partnerships:contact_export", args=["csv"])))
    assert header[:3] == ["Navn", "Stilling", "E-mail"]
    assert {(row[0], row[2], row[5]) for row in rows} == {
        ("Anna Skov", "anna@example.dk", "Skole"),
        ("Bo Holm", "bo@example.dk", "Virksomhed"),
    }


def test_host_sign_up_queue_as_csv(client, coordinator, municipality):
    from django.utils import timezone

    HostSignup.objects.create(
        name="Ny Vært ApS", cvr="12345674", address="Vej 1", postcode="8300", municipality=municipality,
        contact_name="Mette Vært", contact_email="mette@example.dk", consented_at=timezone.now(),
        verified_at=timezone.now(), status=HostSignup.Status.WAITING,
    )  # fmt: skip
    client.force_login(coordinator)
    header, *rows = csv_rows(client.get(reverse("hosting:host_signup_export", args=["csv"])))
    assert header[0] == "Virksomhed" and "Kontaktperson" in header
    assert [(row[0], row[header.index("E-mail")]) for row in rows] == [("Ny Vært ApS", "mette@example.dk")]


def test_unknown_format_is_404_and_lists_link_their_downloads(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("partnerships:school_export", args=["pdf"])).status_code == 404
    body = client.get(reverse("partnerships:company_list"), {"q": "træ", "page": "2"}).content.decode()
    assert reverse("partnerships:company_export", args=["csv"]) + "?q=tr%C3%A6" in body
    assert reverse("partnerships:contact_export", args=["xlsx"]) in body
