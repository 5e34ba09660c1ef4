"""Every page of the programmes' work is reached by following links from the start page, as a coordinator."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import Resolver404, resolve

from programmes.urls import urlpatterns
from tests.factories import (
    NetworkMemberFactory,
    OutreachActivityFactory,
    PlacementFactory,
    ProgrammeParticipationFactory,
    ResourcePersonFactory,
    SchoolClassFactory,
    SchoolFactory,
    TeacherTrainingFactory,
    TutorOfferFactory,
)

pytestmark = pytest.mark.django_db

# URL names of programmes that are not pages: actions sent by a form (POST only) and downloads.
NOT_PAGES = {
    "hopin_plan_run",
    "hopin_send_correction",  # linked only when a sent plan has changed (test_hopin_publication)
    "host_add_approved",
    "schoolclass_delete",
    "host_delete",
    "tutoroffer_delete",
    "placement_lock",
    "placement_unlock",
    "placement_delete",
    "outreach_delete",
    "training_delete",
    "network_member_delete",
    "resource_person_erase",
    "hopin_export_csv",
    "hopin_export_xlsx",
    "resource_person_export",
}
VISITS_PER_NAME = 2  # enough to reach every kind of page, few enough to stay fast


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href and href.startswith("/"):
            self.hrefs.append(href.split("#")[0])


def crawl(client, start: str) -> set[str]:
    """The URL names of the pages reached by links (without query strings) from `start`."""
    seen, queue, visits, reached = set(), [start], Counter(), set()
    while queue:
        path = queue.pop(0)
        if path in seen or "?" in path:
            continue
        seen.add(path)
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if (
            match.namespace == "admin"
            or match.url_name in NOT_PAGES
            or visits[match.view_name] >= VISITS_PER_NAME
        ):
            continue
        visits[match.view_name] += 1
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        reached.add(match.view_name)
        parser = LinkParser()
        parser.feed(response.content.decode())
        queue += parser.hrefs
    return reached


def test_every_programme_page_is_reached_from_the_start_page(client, coordinator, week):
    ProgrammeParticipationFactory(municipality=week.municipality, programme__slug="hop-in")
    school = SchoolFactory(municipality=week.municipality)
    PlacementFactory(host__week=week, school_class__school=school)
    SchoolClassFactory(school=school, school_year=week.school_year, name="7.X")
    TutorOfferFactory(week=week)
    OutreachActivityFactory(municipality=week.municipality)
    TeacherTrainingFactory(school=school)
    ResourcePersonFactory(municipality=week.municipality)
    NetworkMemberFactory(municipality=week.municipality)
    client.force_login(coordinator)

    reached = crawl(client, "/")

    pages = {f"programmes:{pattern.name}" for pattern in urlpatterns if pattern.name not in NOT_PAGES}
    assert pages - reached == set()
