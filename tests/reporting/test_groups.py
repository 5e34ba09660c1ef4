"""Two groups of municipalities in one database: each group's pages and open data show only its
municipalities, and the words (names, counts, organisation) come from the group."""

import json

import pytest
from django.urls import reverse

from partnerships.models import Municipality

pytestmark = pytest.mark.django_db
BRAA_CODES = {"0751", "0710", "0766", "0615", "0707", "0727", "0730", "0741", "0740", "0746", "0706", "0791"}


def test_open_data_of_each_group_has_only_its_municipalities(client, north):
    north_codes = set(Municipality.objects.filter(region__code="1081").values_list("code", flat=True))
    assert len(north_codes) == 11
    records = json.loads(client.get(reverse("reporting:public_progress_json") + "?group=nord").content)
    assert {r["code"] for r in records} == north_codes
    assert {r["code"] for r in records if r["agreements"]} == {"0851"}
    default = json.loads(client.get(reverse("reporting:public_progress_json")).content)
    assert {r["code"] for r in default} == BRAA_CODES
    csv = client.get(reverse("reporting:public_progress_csv") + "?group=nord")
    assert "Aalborg" in csv.content.decode() and "Aarhus" not in csv.content.decode()
    assert 'filename="nord-progress.csv"' in csv["Content-Disposition"]


def test_public_page_of_each_group_shows_its_words(client, north):
    client.cookies["django_language"] = "en"
    page = client.get(reverse("reporting:public_progress") + "?group=nord").content.decode()
    assert "each of the 11 municipalities of Region Nordjyllands kommuner" in page
    assert "Aalborg" in page and "Odder" not in page
    page = client.get(reverse("reporting:public_progress")).content.decode()
    assert "each of the 12 municipalities of Business Region Aarhus" in page
    assert "Aalborg" not in page


def test_privacy_notice_names_the_groups_data_controller(client, north):
    client.cookies["django_language"] = "en"
    page = client.get(reverse("privacy:privacy_notice") + "?group=nord").content.decode()
    assert "The data controller is Nordjysk Erhvervssamarbejde" in page
    assert "kontakt@nord.example.dk" in page
    assert "Business Region Aarhus" not in page


def test_region_overview_and_home_per_group(client, north, superuser):
    client.force_login(superuser)
    page = client.get(reverse("reporting:region_overview") + "?group=nord").content.decode()
    assert "Hjørring" in page and "Odder" not in page
    assert 'href="?group=braa"' in page  # the switch to the other group
    home = client.get(reverse("reporting:home") + "?group=nord").content.decode()
    assert "Hjørring" in home and "Odder" not in home


def test_sign_up_offers_the_groups_municipalities(client, north):
    form = client.get(reverse("hosting:host_signup") + "?group=nord").context["form"]
    assert set(form.fields["municipality"].queryset.values_list("code", flat=True)) == set(
        north.municipalities.values_list("code", flat=True)
    )
    assert "Nordjysk Erhvervssamarbejde" in str(form.fields["consent"].label)


def test_an_unknown_group_is_404(client, north):
    assert client.get(reverse("reporting:public_progress") + "?group=nowhere").status_code == 404
