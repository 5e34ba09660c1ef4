"""A regional viewer follows groups of municipalities: they read the municipalities of their groups (the
default group's while they follow none), and every page scoped by what a user may read follows."""

import csv
import importlib
import io

import pytest
from django.apps import apps
from django.urls import reverse

from partnerships.models import CooperationAgreement, Municipality, MunicipalityGroup, User
from tests.factories import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db
BRAA_CODES = {"0751", "0710", "0766", "0615", "0707", "0727", "0730", "0741", "0740", "0746", "0706", "0791"}
NORTH_CODES = {"0773", "0787", "0810", "0813", "0820", "0825", "0840", "0846", "0849", "0851", "0860"}


@pytest.fixture
def north_viewer(north):
    user = UserFactory(email="region@nord.example.dk", role=User.Role.VIEWER)
    user.viewer_groups.set([north])
    return user


def codes(municipalities) -> set[str]:
    return {m.code for m in municipalities}


def test_viewer_reads_the_municipalities_of_their_groups(north, north_viewer):
    assert codes(north_viewer.visible_municipalities()) == NORTH_CODES
    assert codes(Municipality.objects.visible_to(north_viewer)) == NORTH_CODES
    agreements = CooperationAgreement.objects.visible_to(north_viewer)
    assert {a.school.municipality.code for a in agreements} == {"0851"}


def test_viewer_of_two_groups_reads_both(north, north_viewer, reference_data):
    north_viewer.viewer_groups.add(MunicipalityGroup.objects.get(slug="braa"))
    viewer = User.objects.get(pk=north_viewer.pk)
    assert codes(viewer.visible_municipalities()) == NORTH_CODES | BRAA_CODES


def test_viewer_without_a_group_reads_the_default_group_only(north, viewer):
    assert codes(viewer.visible_municipalities()) == BRAA_CODES
    assert codes(Municipality.objects.visible_to(viewer)) == BRAA_CODES


def test_viewer_reads_every_municipality_while_no_group_is_set_up(viewer, municipality, other_municipality):
    assert codes(viewer.visible_municipalities()) == {"0727", "0741"}


def test_administrator_still_reads_every_municipality(north, superuser):
    assert Municipality.objects.visible_to(superuser).count() == Municipality.objects.count()


def test_other_roles_read_nothing_through_a_group(north):
    outsider = UserFactory()
    outsider.viewer_groups.set([north])  # a group without the viewer role gives no access
    assert not Municipality.objects.visible_to(outsider).exists()


def test_region_overview_shows_the_viewers_group_by_default(client, north, north_viewer):
    client.force_login(north_viewer)
    page = client.get(reverse("reporting:region_overview")).content.decode()
    assert "Hjørring" in page and "Odder" not in page
    assert reverse("reporting:municipality_detail", args=["aalborg"]) in page


def test_region_overview_of_another_group_links_only_to_public_pages(client, north, north_viewer):
    client.force_login(north_viewer)
    page = client.get(reverse("reporting:region_overview") + "?group=braa").content.decode()
    assert "Odder" in page
    assert reverse("reporting:municipality_detail", args=["odder"]) not in page
    assert reverse("reporting:public_municipality", args=["odder"]) in page


def test_workspace_offers_only_the_viewers_municipalities(client, north, north_viewer):
    client.force_login(north_viewer)
    response = client.get(reverse("reporting:workspace"))
    assert codes(response.context["municipalities"]) == NORTH_CODES
    aalborg = reverse("reporting:workspace_municipality", args=["aalborg"])
    assert client.get(aalborg).status_code == 200
    aarhus = reverse("reporting:workspace_municipality", args=["aarhus"])
    assert client.get(aarhus).status_code == 404
    assert client.get(reverse("reporting:municipality_detail", args=["aarhus"])).status_code == 404


def test_annual_report_covers_only_the_viewers_group(client, north, north_viewer):
    client.force_login(north_viewer)
    year = client.get(reverse("reporting:annual_report")).context["report"].school_year.start_year
    response = client.get(reverse("reporting:annual_report_csv", args=[year, "municipalities"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert {row[1] for row in rows[1:]} == NORTH_CODES
    braa = client.get(reverse("reporting:annual_report_csv", args=[year, "municipalities"]) + "?group=braa")
    assert list(csv.reader(io.StringIO(braa.content.decode("utf-8-sig")), delimiter=";"))[1:] == []


def test_agreement_of_another_group_does_not_exist_for_the_viewer(client, north, north_viewer):
    client.force_login(north_viewer)
    aarhus = CooperationAgreement.objects.get(school__municipality__code="0751")
    aalborg = CooperationAgreement.objects.get(school__municipality__code="0851")
    assert client.get(aarhus.get_absolute_url()).status_code == 404
    assert client.get(aalborg.get_absolute_url()).status_code == 200


def test_a_new_municipality_of_the_group_is_seen_at_once(north, north_viewer):
    added = MunicipalityFactory(name="Ny Kommune", code="0899", slug="ny")
    north.municipalities.add(added)
    assert added in User.objects.get(pk=north_viewer.pk).visible_municipalities()


def test_the_user_admin_edits_the_groups_a_viewer_follows(client, superuser, north_viewer):
    client.force_login(superuser)
    page = client.get(reverse("admin:partnerships_user_change", args=[north_viewer.pk])).content.decode()
    assert 'name="viewer_groups"' in page


def test_the_data_migration_gives_existing_viewers_the_default_group(north, viewer, north_viewer):
    coordinator = UserFactory(role=User.Role.COORDINATOR)
    migration = importlib.import_module("partnerships.migrations.0012_viewers_follow_the_default_group")
    migration.follow_default_group(apps, schema_editor=None)
    assert list(viewer.viewer_groups.values_list("slug", flat=True)) == ["braa"]
    assert list(north_viewer.viewer_groups.all()) == [north]  # a viewer with a group keeps it
    assert not coordinator.viewer_groups.exists()


def test_a_coordinators_pages_open_on_the_group_of_their_municipality(client, north):
    aalborg = Municipality.objects.get(code="0851")
    client.force_login(UserFactory(role=User.Role.COORDINATOR, municipalities=[aalborg]))
    page = client.get(reverse("reporting:region_overview")).content.decode()
    assert "Hjørring" in page and "Odder" not in page
    assert "Odder" in client.get(reverse("reporting:region_overview") + "?group=braa").content.decode()
