import datetime

import pytest
import time_machine
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from partnerships.models import CooperationAgreement, User
from tests.factories import AgreementFactory, MunicipalityFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 1)


@time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC))
def test_workspace_shows_progress_in_words_ending_soon_drafts_and_changes(
    client, danish, coordinator, school, company
):
    AgreementFactory(
        school=school, company=company, title="Slutter snart", end_date=TODAY + datetime.timedelta(days=30)
    )
    AgreementFactory(
        school=school, company=company, title="Slutter senere", end_date=TODAY + datetime.timedelta(days=90)
    )
    AgreementFactory(
        school=school, company=company, title="Min kladde", status=CooperationAgreement.Status.DRAFT
    )
    client.force_login(coordinator)
    response = client.get(reverse("reporting:workspace"), follow=True)
    assertContains(response, "2 af 3 aftaler")
    assert [a.title for a in response.context["ending_soon"]] == ["Slutter snart"]
    assert [a.title for a in response.context["drafts"]] == ["Min kladde"]
    assert len(response.context["latest_changes"]) == 3
    assertContains(response, "Oprettet")


def test_coordinator_of_one_municipality_goes_straight_to_it(client, coordinator, municipality):
    client.force_login(coordinator)
    assertRedirects(
        client.get(reverse("reporting:workspace")),
        reverse("reporting:workspace_municipality", args=[municipality.slug]),
    )


def test_coordinator_of_several_municipalities_chooses(client, municipality, other_municipality):
    user = UserFactory(role=User.Role.COORDINATOR, municipalities=[municipality, other_municipality])
    client.force_login(user)
    response = client.get(reverse("reporting:workspace"))
    assert response.status_code == 200
    assert {m.name for m in response.context["municipalities"]} == {"Odder", "Samsø"}
    assertContains(response, reverse("reporting:workspace_municipality", args=[other_municipality.slug]))


def test_login_lands_on_the_workspace(client, coordinator):
    client.force_login(coordinator)
    assertRedirects(
        client.get(reverse("reporting:dashboard")),
        reverse("reporting:workspace"),
        target_status_code=302,
    )


def test_user_without_role_gets_a_polite_page(client, danish, db):
    client.force_login(UserFactory())
    response = client.get(reverse("reporting:dashboard"))
    assert response.status_code == 403
    assertContains(response, "Din konto har endnu ingen rolle", status_code=403)


@pytest.mark.parametrize("rows", [3, 30])
def test_workspace_query_count_is_constant(
    client, coordinator, school, company, django_assert_max_num_queries, rows
):
    AgreementFactory.create_batch(
        rows, school=school, company=company, status=CooperationAgreement.Status.DRAFT
    )
    client.force_login(coordinator)
    url = reverse("reporting:workspace_municipality", args=[school.municipality.slug])
    # The same at both sizes: the figures, the lists, the waiting host sign-ups, the needs-attention list
    # (one query per kind of attention), the short lists with their totals, and the changes (the records
    # before them, their contact persons).
    with django_assert_max_num_queries(22):
        assert client.get(url).status_code == 200


def test_viewer_sees_all_municipalities_to_choose_from(client, viewer, municipality, other_municipality):
    MunicipalityFactory(name="Tredje", code="9003", slug="tredje")
    SchoolFactory(municipality=other_municipality)
    client.force_login(viewer)
    response = client.get(reverse("reporting:workspace"))
    assert len(response.context["municipalities"]) == 3
    assert (
        "Ny aftale"
        not in client.get(
            reverse("reporting:workspace_municipality", args=[municipality.slug]),
            HTTP_ACCEPT_LANGUAGE="da",
        ).content.decode()
    )


def test_latest_changes_say_who_changed_what(client, danish, coordinator, school, company):
    from tests.partnerships.test_agreements import form_data

    coordinator.first_name, coordinator.last_name = "Karen", "Koordinator"
    coordinator.save()
    client.force_login(coordinator)
    client.post(reverse("partnerships:agreement_create"), form_data(school, company, title="Robotuge"))
    agreement = CooperationAgreement.objects.get()
    data = form_data(school, company, title="Robotuge", end_date="2026-06-30", version=agreement.version)
    client.post(reverse("partnerships:agreement_update", args=[agreement.pk]), data)
    agreement.refresh_from_db()
    person = agreement.school.contacts.create(name="Mette Holm")
    data.update(version=agreement.version, contact_persons=[person.pk])
    client.post(reverse("partnerships:agreement_update", args=[agreement.pk]), data)
    url = reverse("reporting:workspace_municipality", args=[school.municipality.slug])
    changes = client.get(url).context["latest_changes"]
    assert [(c["action"], c["fields"]) for c in changes] == [
        ("Ændret", ["kontaktpersoner"]),
        ("Ændret", ["slutdato"]),
        ("Oprettet", []),
    ]
    body = client.get(url).content.decode()
    assert "Ændret (slutdato) af Karen Koordinator" in body


@pytest.mark.parametrize("edits", [1, 12])
def test_latest_changes_cost_the_same_queries_however_many_edits(
    client, coordinator, school, company, django_assert_max_num_queries, edits
):
    agreement = AgreementFactory(school=school, company=company, status=CooperationAgreement.Status.DRAFT)
    for number in range(edits):
        agreement.title = f"Udgave {number}"
        agreement.save()
    client.force_login(coordinator)
    url = reverse("reporting:workspace_municipality", args=[school.municipality.slug])
    # The same at both sizes: the page's queries + the records just before the changes shown + their contacts
    with django_assert_max_num_queries(22):
        response = client.get(url)
    assert all(change["fields"] == ["titel"] for change in response.context["latest_changes"][:-1])
