"""Jet-Net outreach steps, the Fremtidens skole network and the programme and municipality pages."""

import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from partnerships.models import CooperationAgreement, Municipality, Programme
from programmes.fremtidens.figures import fremtidens_figures
from programmes.jetnet.figures import jetnet_progress
from programmes.models import OutreachActivity
from tests.factories import (
    AgreementFactory,
    HopInWeekFactory,
    NetworkMemberFactory,
    OutreachActivityFactory,
    PlacementFactory,
    ProgrammeFactory,
    ProgrammeParticipationFactory,
    ResourcePersonFactory,
    SchoolClassFactory,
    SchoolFactory,
    TeacherTrainingFactory,
)

pytestmark = pytest.mark.django_db
Step = OutreachActivity.Step


def url(name, *args):
    return reverse(f"programmes:{name}", args=args)


def test_step_progress_for_a_hand_built_case(municipality, other_municipality):
    OutreachActivityFactory(
        municipality=municipality, step=Step.BUSINESS, reached=10, date=datetime.date(2026, 1, 5)
    )
    OutreachActivityFactory(
        municipality=municipality, step=Step.BUSINESS, reached=5, date=datetime.date(2026, 2, 5)
    )
    OutreachActivityFactory(municipality=municipality, step=Step.AGREEMENTS, reached=3)
    OutreachActivityFactory(municipality=other_municipality, step=Step.LEADERS, reached=40)

    odder, samsoe = jetnet_progress([municipality, other_municipality])
    assert [(s.activities, s.reached) for s in odder.steps] == [(2, 15), (0, 0), (1, 3)]
    assert odder.steps[0].last_date == datetime.date(2026, 2, 5)
    assert odder.steps_started == 2
    assert [(s.activities, s.reached) for s in samsoe.steps] == [(0, 0), (1, 40), (0, 0)]


def test_step_progress_is_one_query(municipality, other_municipality, django_assert_num_queries):
    OutreachActivityFactory.create_batch(3, municipality=municipality)
    with django_assert_num_queries(1):
        jetnet_progress([municipality, other_municipality])


def test_fremtidens_figures_for_a_hand_built_case(
    municipality, other_municipality, django_assert_num_queries
):
    programme = ProgrammeFactory(slug="fremtidens-skole")
    school = SchoolFactory(municipality=municipality)
    TeacherTrainingFactory(school=school, teachers_trained=8)
    TeacherTrainingFactory(school=SchoolFactory(municipality=municipality), teachers_trained=5)
    ResourcePersonFactory.create_batch(2, municipality=municipality)
    NetworkMemberFactory(municipality=municipality)
    AgreementFactory(school=school, programme=programme)
    AgreementFactory(school=school, programme=programme, status=CooperationAgreement.Status.DRAFT)
    AgreementFactory(school=school)  # another programme
    ResourcePersonFactory(municipality=other_municipality)

    with django_assert_num_queries(1):
        rows = {m.name: m for m in fremtidens_figures(Municipality.objects.all(), programme)}
    odder = rows["Odder"]
    assert (odder.teachers_trained, odder.resource_person_count, odder.network_member_count) == (13, 2, 1)
    assert odder.agreement_count == 1
    samsoe = rows["Samsø"]
    assert (samsoe.teachers_trained, samsoe.resource_person_count, samsoe.agreement_count) == (0, 1, 0)


def test_coordinator_records_outreach(client, coordinator, municipality):
    client.force_login(coordinator)
    response = client.post(
        url("outreach_create", municipality.slug),
        {"step": 2, "date": "2026-03-01", "audience": "Skoleledermøde", "reached": 14, "notes": ""},
    )
    assertRedirects(response, url("outreach_list", municipality.slug))
    activity = OutreachActivity.objects.get()
    assert (activity.municipality, activity.step, activity.reached) == (municipality, 2, 14)
    page = client.get(url("outreach_list", municipality.slug))
    assertContains(page, "Skoleledermøde")
    assert page.context["progress"].steps[1].reached == 14


def test_outreach_form_keeps_input_on_errors(client, coordinator, municipality):
    client.force_login(coordinator)
    response = client.post(
        url("outreach_create", municipality.slug),
        {"step": 4, "date": "1. marts", "audience": "Rådet", "reached": -1},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"step", "date", "reached"}
    assertContains(response, "Rådet")
    assert not OutreachActivity.objects.exists()


def test_viewer_cannot_record_outreach(client, viewer, municipality):
    client.force_login(viewer)
    assert client.get(url("outreach_list", municipality.slug)).status_code == 200
    response = client.post(
        url("outreach_create", municipality.slug), {"step": 1, "date": "2026-03-01", "audience": "X"}
    )
    assert response.status_code == 403
    assert not OutreachActivity.objects.exists()


def test_network_member_needs_a_linked_school_and_is_unique(
    client, coordinator, municipality, company, school
):
    client.force_login(coordinator)
    response = client.post(url("network_member_create", municipality.slug), {"company": company.pk})
    assert "schools" in response.context["form"].errors
    client.post(
        url("network_member_create", municipality.slug), {"company": company.pk, "schools": [school.pk]}
    )
    response = client.post(
        url("network_member_create", municipality.slug), {"company": company.pk, "schools": [school.pk]}
    )
    assert "company" in response.context["form"].errors
    assert municipality.network_members.get().schools.get() == school


def test_training_school_must_be_in_the_municipality(client, coordinator, municipality, other_municipality):
    client.force_login(coordinator)
    foreign = SchoolFactory(municipality=other_municipality)
    response = client.post(
        url("training_create", municipality.slug),
        {
            "school": foreign.pk,
            "date": "2026-01-10",
            "teachers_trained": 6,
            "subject_focus": "Natur/teknologi",
        },
    )
    assert "school" in response.context["form"].errors


def test_network_overview_shows_the_figures(client, coordinator, municipality, school):
    ProgrammeFactory(slug="fremtidens-skole")
    TeacherTrainingFactory(school=school, teachers_trained=9, subject_focus="Biologi og fødevarer")
    client.force_login(coordinator)
    response = client.get(url("network_overview", municipality.slug))
    assert response.context["figures"].teachers_trained == 9
    assertContains(response, "Biologi og fødevarer")


def test_jetnet_programme_page_shows_municipalities_side_by_side(client, municipality, other_municipality):
    programme = ProgrammeFactory(slug="jet-net", name="Jet-Net")
    for m in (municipality, other_municipality):
        ProgrammeParticipationFactory(programme=programme, municipality=m)
    OutreachActivityFactory(municipality=municipality, step=Step.LEADERS, reached=21)
    response = client.get(programme.get_absolute_url())
    rows = response.context["jetnet_rows"]
    assert [row.municipality for row in rows] == [municipality, other_municipality]
    assert rows[0].steps[1].reached == 21
    body = response.content.decode()
    assert body.count("<h1") == 1 and "Samsø" in body


def test_hopin_programme_page_shows_coverage(client, municipality):
    programme = ProgrammeFactory(slug="hop-in", name="HOP-IN")
    week = HopInWeekFactory(municipality=municipality)
    PlacementFactory(host__week=week)
    SchoolClassFactory(school=SchoolFactory(municipality=municipality))
    response = client.get(programme.get_absolute_url())
    assert [w.coverage for w in response.context["hopin_weeks"]] == [50]
    assertContains(response, "50 %")


def test_fremtidens_programme_page_shows_figures(client, municipality):
    programme = ProgrammeFactory(slug="fremtidens-skole")
    ProgrammeParticipationFactory(programme=programme, municipality=municipality)
    ResourcePersonFactory(municipality=municipality, name="Hemmelig Navn")
    response = client.get(programme.get_absolute_url())
    assert [m.resource_person_count for m in response.context["fremtidens_rows"]] == [1]
    assert "Hemmelig Navn" not in response.content.decode()  # the public page shows counts, no names


def test_municipality_page_shows_the_programme_work(client, coordinator, municipality):
    programme = Programme.objects.create(name="Jet-Net", slug="jet-net", work_kind="jet-net")
    ProgrammeParticipationFactory(programme=programme, municipality=municipality)
    week = HopInWeekFactory(municipality=municipality)
    PlacementFactory(host__week=week)
    client.force_login(coordinator)
    response = client.get(reverse("reporting:municipality_detail", args=[municipality.slug]))
    assert response.context["hopin_week"].coverage == 100
    assert response.context["jetnet_progress"].municipality == municipality
    assert response.context["fremtidens"] is None
    assertContains(response, week.get_absolute_url())
    assertContains(response, url("outreach_list", municipality.slug))
    assert response.content.decode().count("<h1") == 1


def test_workspace_links_to_the_programme_work(client, coordinator, municipality):
    client.force_login(coordinator)
    response = client.get(reverse("reporting:workspace_municipality", args=[municipality.slug]))
    for name in ("hopin_week_list", "outreach_list", "network_overview"):
        assertContains(response, url(name, municipality.slug))


def test_work_index_lists_the_users_municipalities(client, coordinator, municipality, other_municipality):
    client.force_login(coordinator)
    response = client.get(url("work_index"))
    assert [m.pk for m in response.context["municipalities"]] == [municipality.pk]
    assertContains(response, url("hopin_week_list", municipality.slug))
    assertContains(client.get("/"), url("work_index"))
