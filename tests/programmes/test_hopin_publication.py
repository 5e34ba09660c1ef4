"""A published HOP-IN plan: asked before it changes, marked as changed, corrected only where it changed."""

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from partnerships.models import User
from programmes.hopin import publication
from programmes.hopin.models import HopInHost, Placement
from tests.factories import (
    ContactPersonFactory,
    HopInHostFactory,
    PlacementFactory,
    SchoolClassFactory,
    SchoolFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"programmes:{name}", args=args)


@pytest.fixture
def published(week, municipality):
    """Two hosts and two schools, each with a contact; 7.A at Træ (locked), 7.B at Stål; the plan sent."""
    week.coordinator = UserFactory(
        role=User.Role.COORDINATOR, municipalities=[municipality], first_name="Karen", last_name="Koordinator"
    )
    week.coordinator_phone = "+45 87 65 43 21"
    week.save()
    by, skov = (SchoolFactory(municipality=municipality, name=n) for n in ("Byskolen", "Skovskolen"))
    tree = HopInHostFactory(week=week, capacity=2, company__name="Odder Træ")
    steel = HopInHostFactory(week=week, capacity=2, company__name="Odder Stål")
    ContactPersonFactory(school=by, name="Bente Byskole", email="bente@by.example", phone="+45 11 11 11 11")
    ContactPersonFactory(school=skov, name="Svend Skov", email="svend@skov.example")
    ContactPersonFactory(school=None, company=tree.company, name="Tove Træ", email="tove@trae.example")
    ContactPersonFactory(school=None, company=steel.company, name="Sten Stål", email="sten@staal.example")
    PlacementFactory(host=tree, school_class__school=by, school_class__name="7.A", locked=True)
    PlacementFactory(host=steel, school_class__school=skov, school_class__name="7.B")
    publication.publish_plan(week)
    mail.outbox.clear()
    return week


def test_publication_emails_greet_a_person_and_name_the_contacts(week, municipality, published):
    publication.publish_plan(published)
    by_recipient = {message.to[0]: message.body for message in mail.outbox}
    everyone = {"bente@by.example", "svend@skov.example", "tove@trae.example", "sten@staal.example"}
    assert set(by_recipient) == everyone
    host_mail = by_recipient["tove@trae.example"]
    assert "Tove Træ" in host_mail.splitlines()[0]  # greets the person, not the company
    assert "Bente Byskole" in host_mail and "+45 11 11 11 11" in host_mail  # the school's contact
    school_mail = by_recipient["bente@by.example"]
    assert "Bente Byskole" in school_mail.splitlines()[0]
    assert "Tove Træ" in school_mail  # the host's contact
    for body in by_recipient.values():
        assert "Karen Koordinator" in body and "+45 87 65 43 21" in body


def test_printed_plans_name_the_contacts(client, coordinator, published):
    client.force_login(coordinator)
    tree = published.hosts.get(company__name="Odder Træ")
    response = client.get(url("hopin_print_host", published.pk, tree.pk))
    assertContains(response, "Bente Byskole")
    assertContains(response, "Karen Koordinator")
    by = SchoolFactory._meta.model.objects.get(name="Byskolen")
    response = client.get(url("hopin_print_school", published.pk, by.pk))
    assertContains(response, "Tove Træ")
    assertContains(response, "+45 87 65 43 21")


def test_removing_a_host_of_a_published_week_asks_first_and_says_what_is_lost(client, coordinator, published):
    tree = published.hosts.get(company__name="Odder Træ")
    client.force_login(coordinator)
    response = client.get(url("host_delete", tree.pk))
    assert response.status_code == 200
    losses = " ".join(response.context["losses"])
    assert "7.A" in losses  # the locked placement is named
    assert "låst" in losses or "locked" in losses
    assert "sendt" in losses or "sent" in losses
    assert HopInHost.objects.filter(pk=tree.pk).exists()

    assertRedirects(client.post(url("host_delete", tree.pk)), published.get_absolute_url())
    assert not HopInHost.objects.filter(pk=tree.pk).exists()
    changes = publication.plan_changes(published)
    assert [(c.school_class.name, c.after) for c in changes] == [("7.A", None)]


def test_unplacing_asks_first(client, coordinator, published):
    placement = Placement.objects.get(school_class__name="7.B")
    client.force_login(coordinator)
    response = client.get(url("placement_delete", placement.pk))
    assert response.status_code == 200 and response.context["losses"]
    assert Placement.objects.filter(pk=placement.pk).exists()
    client.post(url("placement_delete", placement.pk))
    assert not Placement.objects.filter(pk=placement.pk).exists()


def test_rerunning_a_published_plan_asks_first(client, coordinator, published):
    SchoolClassFactory(school=SchoolFactory._meta.model.objects.get(name="Skovskolen"), name="7.C")
    client.force_login(coordinator)
    before = dict(Placement.objects.values_list("school_class", "host"))
    response = client.post(url("hopin_plan_run", published.pk), {"policy": "most_wishes"})
    assert response.status_code == 200
    assert "7.C" in [cls.name for cls, _before, _after in response.context["moved"]]
    assert dict(Placement.objects.values_list("school_class", "host")) == before  # nothing changed yet
    seed = response.context["options"]["seed"]
    response = client.post(
        url("hopin_plan_run", published.pk), {"policy": "most_wishes", "seed": seed, "confirmed": "on"}
    )
    assertRedirects(response, published.get_absolute_url())
    assert Placement.objects.filter(school_class__name="7.C").exists()


def test_a_changed_plan_is_marked_and_corrected_only_where_it_changed(client, coordinator, published):
    client.force_login(coordinator)
    page = client.get(published.get_absolute_url())
    assert not page.context["changes"]

    moved = Placement.objects.get(school_class__name="7.B").school_class
    tree = published.hosts.get(company__name="Odder Træ")
    client.post(url("placement_move", moved.pk), {"host": tree.pk})
    page = client.get(published.get_absolute_url())
    assertContains(page, "Ændret siden den blev sendt")
    assertContains(page, "flyttet fra Odder Stål til Odder Træ")

    response = client.get(url("hopin_send_correction", published.pk))
    assert {h.company.name for h in response.context["hosts"]} == {"Odder Træ", "Odder Stål"}
    assert [s.name for s in response.context["schools"]] == ["Skovskolen"]
    assertRedirects(client.post(url("hopin_send_correction", published.pk)), published.get_absolute_url())
    recipients = sorted(message.to[0] for message in mail.outbox)
    # Byskolen's part did not change: Bente gets nothing.
    assert recipients == ["sten@staal.example", "svend@skov.example", "tove@trae.example"]
    steel_mail = next(m.body for m in mail.outbox if m.to == ["sten@staal.example"])
    assert "rettede" in steel_mail or "corrected" in steel_mail
    published.refresh_from_db()
    assert not publication.plan_changes(published)  # the correction is the plan as sent now
    page = client.get(published.get_absolute_url())
    assert not page.context["changes"]


def test_a_correction_without_changes_is_refused_politely(client, coordinator, published):
    client.force_login(coordinator)
    response = client.post(url("hopin_send_correction", published.pk), follow=True)
    assertContains(response, "Intet er ændret")
    assert not mail.outbox


def test_outsiders_cannot_send_corrections(client, published):
    from tests.factories import MunicipalityFactory

    stranger = UserFactory(role=User.Role.COORDINATOR, municipalities=[MunicipalityFactory()])
    client.force_login(stranger)
    assert client.post(url("hopin_send_correction", published.pk)).status_code == 404
    assert client.get(url("host_delete", published.hosts.first().pk)).status_code == 404
    assert not mail.outbox


def test_a_removed_host_and_a_removed_class_are_listed_and_told(client, coordinator, published):
    tree = published.hosts.get(company__name="Odder Træ")
    client.force_login(coordinator)
    client.post(url("host_delete", tree.pk))
    client.post(url("schoolclass_delete", SchoolClassFactory._meta.model.objects.get(name="7.B").pk))
    page = client.get(published.get_absolute_url())
    assertContains(page, "ikke længere placeret (var hos Odder Træ)")
    assertContains(page, "ikke længere placeret (var hos Odder Stål)")

    client.post(url("hopin_send_correction", published.pk))
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert len(bodies) == 4  # both hosts and both schools lost a class
    assert "ikke længere nogen klasse" in bodies["tove@trae.example"]
    assert "/print/hosts/" not in bodies["tove@trae.example"]  # the removed host has no plan page any more


def test_the_publish_page_shows_the_profile_and_points_to_a_correction(client, coordinator, published):
    client.force_login(coordinator)
    response = client.get(url("hopin_publish", published.pk))
    assert response.context["profile"].placed == 2
    assert not response.context["changes"]
    Placement.objects.get(school_class__name="7.B").delete()
    response = client.get(url("hopin_publish", published.pk))
    assertContains(response, url("hopin_send_correction", published.pk))
