"""HOP-IN plans are emailed in the name of the week's municipality's group and link to the programme of
HOP-IN's kind of work, whatever its slug."""

from email.utils import parseaddr

import pytest
from django.conf import settings
from django.core import mail

from partnerships.models import Municipality, Programme
from programmes.hopin import publication
from tests.factories import (
    ContactPersonFactory,
    HopInHostFactory,
    HopInWeekFactory,
    PlacementFactory,
    ProgrammeFactory,
    SchoolFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def aalborg_week(north):
    aalborg = Municipality.objects.get(code="0851")
    week = HopInWeekFactory(municipality=aalborg)
    school = SchoolFactory(municipality=aalborg, name="Vestbjerg Skole")
    host = HopInHostFactory(
        week=week, capacity=1, company__name="Aalborg Stål", company__municipality=aalborg
    )
    ContactPersonFactory(school=school, name="Bo Skole", email="bo@skole.example")
    ContactPersonFactory(school=None, company=host.company, name="Stine Stål", email="stine@staal.example")
    PlacementFactory(host=host, school_class__school=school, school_class__name="7.A")
    return week


def test_plans_are_sent_and_signed_by_the_municipalitys_group(north, aalborg_week):
    Programme.objects.all().delete()
    programme = ProgrammeFactory(name="Hands On i Nord", slug="hands-on", work_kind=Programme.WorkKind.HOPIN)
    publication.publish_plan(aalborg_week)
    assert {message.to[0] for message in mail.outbox} == {"bo@skole.example", "stine@staal.example"}
    for message in mail.outbox:
        assert parseaddr(message.from_email)[0] == "Nordjyske Partnerskaber"
        assert message.body.rstrip().endswith(north.email_signature)
        assert settings.SITE_URL + programme.get_absolute_url() in message.body


def test_without_a_hopin_programme_the_plans_have_no_programme_link(north, aalborg_week):
    Programme.objects.filter(work_kind=Programme.WorkKind.HOPIN).delete()
    publication.publish_plan(aalborg_week)
    links = {message.to[0]: message.body.count(settings.SITE_URL) for message in mail.outbox}
    assert links == {"stine@staal.example": 1, "bo@skole.example": 0}  # only the host's printed plan
