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
    # 14: includes the count of waiting host sign-ups and the needs-attention counts (one query)
    with django_assert_max_num_queries(14):
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
