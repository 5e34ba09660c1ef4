"""Where each role lands and what the top bar and footer offer it."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from partnerships.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def header(html: str) -> str:
    return html.split("<header>", 1)[1].split("</header>", 1)[0]


def footer(html: str) -> str:
    return html.split("<footer", 1)[1].split("</footer>", 1)[0]


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def test_regional_viewer_lands_on_the_overview_of_the_group(client, viewer):
    client.force_login(viewer)
    assertRedirects(client.get(reverse("reporting:dashboard")), reverse("reporting:region_overview"))


def test_coordinator_top_bar_has_work_links_only_and_no_duplicate_start_page(client, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("partnerships:agreement_list")).content.decode()
    links = hrefs(header(html))
    assert reverse("reporting:workspace") in links
    assert reverse("reporting:dashboard") not in links  # "My start page" would be the workspace again
    assert reverse("hosting:host_signup") not in links
    assert reverse("reporting:public_progress") not in links
    assert reverse("reporting:public_progress") in hrefs(footer(html))
    assert len(links) == len(set(links))


def test_anonymous_visitor_gets_the_public_links(client, db):
    links = hrefs(header(client.get(reverse("reporting:home")).content.decode()))
    assert reverse("hosting:host_signup") in links and reverse("reporting:public_progress") in links


def test_approved_host_is_not_offered_to_become_a_host(client, company):
    user = UserFactory(role=User.Role.COMPANY, company=company)
    client.force_login(user)
    html = client.get(reverse("hosting:my_company")).content.decode()
    assert reverse("hosting:host_signup") not in hrefs(html)
    assert reverse("hosting:my_company") in hrefs(header(html))


@pytest.mark.parametrize("role", ["company", "coordinator", "anonymous"])
def test_footer_administration_link_only_for_staff(client, company, coordinator, role):
    if role == "company":
        client.force_login(UserFactory(role=User.Role.COMPANY, company=company))
    elif role == "coordinator":
        client.force_login(coordinator)
    html = client.get(reverse("reporting:home")).content.decode()
    assert reverse("admin:index") not in html


def test_staff_reach_the_administration_from_footer_and_account_menu(client, superuser):
    client.force_login(superuser)
    html = client.get(reverse("reporting:home")).content.decode()
    assert reverse("admin:index") in hrefs(footer(html))
    assert reverse("admin:index") in hrefs(header(html))


def test_coordinator_workspace_links_the_region_overview(client, coordinator, municipality):
    client.force_login(coordinator)
    html = client.get(reverse("reporting:workspace_municipality", args=[municipality.slug])).content.decode()
    assert reverse("reporting:region_overview") in hrefs(html.split("<main", 1)[1])
