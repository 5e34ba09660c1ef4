"""Nothing is destroyed on one click: every removal first shows a page saying what will be lost."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from partnerships.models import ContactPerson, User
from programmes.models import NetworkMember, OutreachActivity, SchoolClass, TeacherTraining, TutorOffer
from tests.factories import (
    AgreementFactory,
    ContactPersonFactory,
    NetworkMemberFactory,
    OutreachActivityFactory,
    PlacementFactory,
    TeacherTrainingFactory,
    TutorOfferFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_removing_a_contact_asks_first_naming_the_agreements(client, coordinator, school, company):
    person = ContactPersonFactory(school=school, name="Lise Lærer", email="lise@example.com")
    agreement = AgreementFactory(school=school, company=company, title="Robotvalgfag")
    agreement.contact_persons.add(person)
    client.force_login(coordinator)
    url = reverse("partnerships:contact_delete", args=[person.pk])
    detail = client.get(school.get_absolute_url())
    assertContains(detail, f'href="{url}"')  # a link to the question, not a one-click form

    response = client.get(url)
    assertContains(response, "Lise Lærer")
    assertContains(response, "Robotvalgfag")
    assert ContactPerson.objects.filter(pk=person.pk).exists()  # asking changes nothing

    assertRedirects(client.post(url), school.get_absolute_url())
    assert not ContactPerson.objects.filter(pk=person.pk).exists()


def test_removing_a_contact_leaves_no_personal_data_in_history_or_admin_log(client, coordinator, school):
    person = ContactPersonFactory(school=school, name="Lise Lærer", email="lise@example.com")
    person.phone = "+4586123456"
    person.save()
    LogEntry.objects.log_actions(user_id=coordinator.pk, queryset=[person], action_flag=CHANGE)
    assert ContactPerson.history.filter(id=person.pk).count() == 2
    client.force_login(coordinator)
    client.post(reverse("partnerships:contact_delete", args=[person.pk]))
    assert not ContactPerson.history.filter(id=person.pk).exists()
    assert not ContactPerson.history.filter(name="Lise Lærer").exists()
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ContactPerson), object_id=str(person.pk)
    )
    assert entries.exists()
    assert not entries.filter(object_repr__contains="Lise").exists()


def test_company_user_removes_own_contact_after_confirming(client, company):
    user = UserFactory(role=User.Role.COMPANY, company=company)
    person = ContactPersonFactory(school=None, company=company, name="Ole Ejer")
    client.force_login(user)
    url = reverse("hosting:my_company_contact_delete", args=[person.pk])
    assertContains(client.get(reverse("hosting:my_company")), f'href="{url}"')
    assertContains(client.get(url), "Ole Ejer")
    assert ContactPerson.objects.filter(pk=person.pk).exists()
    assertRedirects(client.post(url), reverse("hosting:my_company"))
    assert not ContactPerson.history.filter(id=person.pk).exists()


@pytest.mark.parametrize(
    "name, make, model, shown",
    [
        ("programmes:outreach_delete", OutreachActivityFactory, OutreachActivity, "Erhvervsrådet"),
        ("programmes:training_delete", TeacherTrainingFactory, TeacherTraining, "Fysik/kemi"),
        ("programmes:network_member_delete", NetworkMemberFactory, NetworkMember, None),
    ],
)
def test_network_records_are_removed_only_after_confirming(
    client, coordinator, municipality, name, make, model, shown
):
    if model is TeacherTraining:
        obj = make(school__municipality=municipality)
    else:
        obj = make(municipality=municipality)
    client.force_login(coordinator)
    url = reverse(name, args=[obj.pk])
    response = client.get(url)
    assert response.status_code == 200
    assertContains(response, shown or obj.company.name)
    assertContains(response, '<button type="submit" class="btn btn-danger">')
    assert model.objects.filter(pk=obj.pk).exists()
    assert client.post(url).status_code == 302
    assert not model.objects.filter(pk=obj.pk).exists()


def test_deleting_a_contact_in_the_admin_purges_history_and_log_name(client, superuser, school):
    person = ContactPersonFactory(school=school, name="Lise Lærer")
    client.force_login(superuser)
    url = reverse("admin:partnerships_contactperson_delete", args=[person.pk])
    assertContains(client.get(url), "Lise Lærer")  # the admin asks first
    client.post(url, {"post": "yes"})
    assert not ContactPerson.objects.filter(pk=person.pk).exists()
    assert not ContactPerson.history.filter(id=person.pk).exists()
    assert LogEntry.objects.filter(object_id=str(person.pk)).exists()
    assert not LogEntry.objects.filter(object_repr__contains="Lise").exists()


def test_removing_a_placed_class_says_it_loses_its_locked_place(client, coordinator, municipality):
    placement = PlacementFactory(host__week__municipality=municipality, locked=True)
    school_class = placement.school_class
    client.force_login(coordinator)
    url = reverse("programmes:schoolclass_delete", args=[school_class.pk])
    page = client.get(url)
    assertContains(page, "mister sin plads")
    assertContains(page, "låst")
    assert SchoolClass.objects.filter(pk=school_class.pk).exists()
    assertRedirects(client.post(url), placement.host.week.get_absolute_url())
    assert not SchoolClass.objects.filter(pk=school_class.pk).exists()


def test_removing_a_tutor_offer_asks_first(client, coordinator, municipality):
    offer = TutorOfferFactory(week__municipality=municipality)
    client.force_login(coordinator)
    url = reverse("programmes:tutoroffer_delete", args=[offer.pk])
    assertContains(client.get(url), offer.school.name)
    assert TutorOffer.objects.filter(pk=offer.pk).exists()
    assertRedirects(client.post(url), offer.week.get_absolute_url())
    assert not TutorOffer.objects.filter(pk=offer.pk).exists()
