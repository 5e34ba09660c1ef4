import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from partnerships.models import Municipality, Programme
from tests.factories import AgreementFactory, SchoolFactory
from tests.reporting.test_progress_views import constant_queries

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2024, 1, 1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 3, 15, 12, tzinfo=datetime.UTC), tick=False):
        yield


def page(client, slug="fremtidens-skole", language="en") -> str:
    client.cookies["django_language"] = language
    response = client.get(reverse("programmes:programme_detail", args=[slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_programme_page_is_public_with_facts_in_both_languages(client, reference_data):
    body = page(client)
    assert body.count("<h1") == 1
    assert "Run by Naturvidenskabernes Hus with DKK 6.6 million" in body
    assert 'lang="da"' in body and "Naturvidenskabernes Hus driver projektet" in body
    assert "Naturvidenskabernes Hus" in body
    assert "DKK 6,600,000" in body
    assert "2016–2019" in body
    assert "A.P. Møller og Hustru Chastine Mc-Kinney Møllers Fond til almene Formaal" in body


def test_funding_is_formatted_for_danish(client, reference_data):
    body = page(client, language="da")
    assert "6.600.000" in body
    assert "Description in English" in body


def test_open_ended_programme_says_since(client, reference_data):
    assert "Since 2013" in page(client, "hop-in")


def test_programme_agreements_are_counted_per_municipality_with_the_rule(client, reference_data):
    programme_slug = "jet-net"
    programme = Programme.objects.get(slug=programme_slug)
    horsens = Municipality.objects.get(code="0615")
    aarhus = Municipality.objects.get(code="0751")
    for start in (LONG_AGO, datetime.date(2026, 3, 15), datetime.date(2026, 3, 16)):
        AgreementFactory(school=SchoolFactory(municipality=horsens), programme=programme, start_date=start)
    AgreementFactory(school=SchoolFactory(municipality=horsens), programme=None, start_date=LONG_AGO)
    AgreementFactory(school=SchoolFactory(municipality=aarhus), programme=programme, start_date=LONG_AGO)
    body = re.sub(r">\s+<", "><", page(client, programme_slug))
    horsens_row = '<th scope="row">Horsens</th><td>Active</td><td>2016–2018</td><td class="text-end">2</td>'
    assert horsens_row in body
    aarhus_row = '<th scope="row">Aarhus</th><td>Not a participant</td><td>–</td><td class="text-end">1</td>'
    assert aarhus_row in body
    assert '<td class="text-end">3</td>' in body.split("<tfoot>")[1]


def test_unknown_programme_is_404(client):
    assert client.get(reverse("programmes:programme_detail", args=["nope"])).status_code == 404


def test_programme_page_queries_do_not_grow(client, reference_data):
    constant_queries(client, reverse("programmes:programme_detail", args=["jet-net"]))


def test_funding_reads_as_danish_kroner(client, reference_data):
    assert "6.600.000 kr." in page(client, language="da")
