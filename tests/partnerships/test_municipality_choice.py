"""The regional viewer narrows every list to one municipality; same-named schools and companies are
told apart by their municipality in choice lists."""

import pytest
from django.urls import reverse
from django.utils import timezone

from hosting.models import HostSignup
from partnerships.models import User
from tests.factories import AgreementFactory, CompanyFactory, SchoolFactory, UserFactory
from tests.hosting.hosting_helpers import make_signup

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_of_each(municipality, other_municipality):
    """A school, a company and an agreement of the same names in each municipality."""
    made = {}
    for m in (municipality, other_municipality):
        school = SchoolFactory(municipality=m, name="Skovvangskolen")
        company = CompanyFactory(municipality=m, name="Jensen & Søn")
        made[m.slug] = AgreementFactory(school=school, company=company, title=f"Aftale i {m.name}")
    return made


@pytest.mark.parametrize(
    "name, items",
    [
        ("partnerships:school_list", lambda r: r.context["page"].object_list),
        ("partnerships:company_list", lambda r: r.context["page"].object_list),
        ("partnerships:agreement_list", lambda r: r.context["page"].object_list),
    ],
)
def test_viewer_filters_a_list_by_municipality(client, viewer, two_of_each, municipality, name, items):
    client.force_login(viewer)
    everything = client.get(reverse(name))
    assert len(items(everything)) == 2
    assert 'name="municipality"' in everything.content.decode()
    narrowed = list(items(client.get(reverse(name), {"municipality": municipality.slug})))
    assert len(narrowed) == 1
    row = narrowed[0]
    assert getattr(row, "municipality", None) == municipality or row.school.municipality == municipality


def test_viewer_filters_the_sign_up_queue_by_municipality(client, viewer, municipality, other_municipality):
    for m, cvr in ((municipality, "12345674"), (other_municipality, "87654319")):
        make_signup(m, cvr=cvr, status=HostSignup.Status.WAITING, verified_at=timezone.now())
    client.force_login(viewer)
    url = reverse("hosting:host_signup_queue")
    assert len(client.get(url).context["signups"]) == 2
    narrowed = client.get(url, {"municipality": other_municipality.slug}).context["signups"]
    assert [s.municipality for s in narrowed] == [other_municipality]


def test_an_unknown_municipality_shows_everything_it_may(client, viewer, two_of_each):
    client.force_login(viewer)
    response = client.get(reverse("partnerships:school_list"), {"municipality": "findes-ikke"})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 2


def test_a_coordinator_cannot_reach_another_municipality_through_the_filter(
    client, coordinator, two_of_each, other_municipality
):
    client.force_login(coordinator)
    response = client.get(reverse("partnerships:school_list"), {"municipality": other_municipality.slug})
    assert [s.municipality_id for s in response.context["page"].object_list] == [
        coordinator.municipalities.get().pk
    ]


def test_same_named_schools_and_companies_are_told_apart_in_choice_lists(
    client, two_of_each, municipality, other_municipality
):
    both = UserFactory(role=User.Role.COORDINATOR, municipalities=[municipality, other_municipality])
    client.force_login(both)
    form = client.get(reverse("partnerships:agreement_create")).content.decode()
    for m in (municipality, other_municipality):
        assert f"Skovvangskolen ({m.name})" in form
        assert f"Jensen &amp; Søn ({m.name})" in form
    listing = client.get(reverse("partnerships:agreement_list")).content.decode()
    for m in (municipality, other_municipality):
        assert f"Skovvangskolen ({m.name})" in listing
        assert f"Jensen &amp; Søn ({m.name})" in listing
