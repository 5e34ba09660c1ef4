"""The meaning of status changes for the figures: ending, cancelling, reopening, undoing, recording late,
and goals per school year; plus the SQL rule and its Python twin agreeing on random histories."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from partnerships.models import CooperationAgreement, Municipality, SchoolYearGoal
from partnerships.services import (
    activate_agreement,
    cancel_agreement,
    end_agreement,
    reopen_agreement,
    set_status,
    undo_status_change,
    undoable_transition,
)
from tests.factories import AgreementFactory, MunicipalityFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 15)
START = datetime.date(2025, 1, 1)
Status = CooperationAgreement.Status


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 3, 15, 12, tzinfo=datetime.UTC), tick=False):
        yield


def counting(municipality, on):
    return Municipality.objects.with_goal_progress(on).get(pk=municipality.pk).counting


@pytest.fixture
def agreement(school, company):
    return AgreementFactory(school=school, company=company, start_date=START)


def test_counts_from_its_start_day_to_its_end_day_inclusive(municipality, school):
    AgreementFactory(school=school, start_date=START, end_date=TODAY)
    day = datetime.timedelta(days=1)
    assert [counting(municipality, d) for d in (START - day, START, TODAY, TODAY + day)] == [0, 1, 1, 0]


def test_ending_today_keeps_every_earlier_figure_and_today(municipality, agreement, coordinator):
    before = [counting(municipality, d) for d in (START, datetime.date(2025, 3, 3), TODAY)]
    end_agreement(agreement, user=coordinator)
    agreement.refresh_from_db()
    assert agreement.end_date == TODAY
    assert (
        [counting(municipality, d) for d in (START, datetime.date(2025, 3, 3), TODAY)] == before == [1, 1, 1]
    )
    assert counting(municipality, TODAY + datetime.timedelta(days=1)) == 0


def test_ending_on_a_chosen_past_day(municipality, agreement, coordinator):
    end_agreement(agreement, user=coordinator, end_date=datetime.date(2025, 7, 31))
    assert counting(municipality, datetime.date(2025, 7, 31)) == 1
    assert counting(municipality, datetime.date(2025, 8, 1)) == 0
    transition = agreement.transitions.get()
    assert (transition.previous_end_date, transition.end_date) == (None, datetime.date(2025, 7, 31))


@pytest.mark.parametrize("end_date", [START - datetime.timedelta(days=1), TODAY + datetime.timedelta(days=1)])
def test_ending_before_the_start_or_in_the_future_is_refused(agreement, coordinator, end_date):
    with pytest.raises(ValidationError):
        end_agreement(agreement, user=coordinator, end_date=end_date)
    agreement.refresh_from_db()
    assert agreement.status == Status.ACTIVE
    assert not agreement.transitions.exists()


def test_end_page_refuses_a_date_before_the_start_politely(client, danish, coordinator, agreement):
    client.force_login(coordinator)
    url = reverse("partnerships:agreement_end", args=[agreement.pk])
    response = client.post(url, {"end_date": "2024-12-31"})
    assert response.status_code == 200
    assert "før startdatoen" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == Status.ACTIVE


def test_cancelling_removes_it_from_every_day_and_keeps_the_reason(municipality, agreement, coordinator):
    with pytest.raises(ValidationError):
        cancel_agreement(agreement, user=coordinator, reason="  ")
    cancel_agreement(agreement, user=coordinator, reason="Aldrig underskrevet")
    assert counting(municipality, datetime.date(2025, 3, 3)) == 0
    assert agreement.transitions.get().reason == "Aldrig underskrevet"


def test_reopening_an_ended_agreement_counts_again(municipality, agreement, coordinator):
    end_agreement(agreement, user=coordinator, end_date=datetime.date(2025, 7, 31))
    reopen_agreement(agreement, user=coordinator)
    agreement.refresh_from_db()
    assert (agreement.status, agreement.end_date) == (Status.ACTIVE, None)
    assert counting(municipality, TODAY) == 1
    assert [t.to_status for t in agreement.transitions.order_by("at", "pk")] == ["ended", "active"]


def test_an_agreement_past_its_end_date_shows_as_ended_and_can_be_reopened(agreement, coordinator):
    agreement.end_date = datetime.date(2026, 1, 31)
    agreement.save()
    assert agreement.status == Status.ACTIVE
    assert agreement.get_status_display() == Status.ENDED.label
    assert list(CooperationAgreement.objects.in_status(Status.ENDED)) == [agreement]
    assert not CooperationAgreement.objects.in_status(Status.ACTIVE).exists()
    reopen_agreement(agreement, user=coordinator)
    agreement.refresh_from_db()
    assert agreement.get_status_display() == Status.ACTIVE.label


def test_undo_restores_status_and_end_date_and_keeps_both_changes(municipality, agreement, coordinator):
    end_agreement(agreement, user=coordinator, end_date=datetime.date(2025, 7, 31))
    assert undoable_transition(agreement) is not None
    undo_status_change(agreement, user=coordinator)
    agreement.refresh_from_db()
    assert (agreement.status, agreement.end_date) == (Status.ACTIVE, None)
    assert counting(municipality, TODAY) == 1
    undo, ended = agreement.transitions.order_by("-at", "-pk")
    assert undo.undoes == ended
    assert undoable_transition(agreement) is None  # an undo is not undone again
    with pytest.raises(ValidationError):
        undo_status_change(agreement, user=coordinator)


def test_undoing_a_cancellation_brings_the_figures_back(municipality, agreement, coordinator):
    cancel_agreement(agreement, user=coordinator, reason="Forkert skole")
    undo_status_change(agreement, user=coordinator)
    assert counting(municipality, datetime.date(2025, 3, 3)) == 1


def test_undoing_an_activation_makes_a_draft_again(school, coordinator):
    draft = AgreementFactory(school=school, status=Status.DRAFT, start_date=START)
    activate_agreement(draft, user=coordinator)
    undo_status_change(draft, user=coordinator)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_undo_page_asks_then_undoes(client, coordinator, agreement):
    end_agreement(agreement, user=coordinator)
    client.force_login(coordinator)
    url = reverse("partnerships:agreement_undo", args=[agreement.pk])
    assert client.get(url).context["transition"].to_status == "ended"
    agreement.refresh_from_db()
    assert agreement.status == Status.ENDED  # GET changes nothing
    client.post(url)
    agreement.refresh_from_db()
    assert agreement.status == Status.ACTIVE


def test_viewer_and_outsider_may_not_change_status(client, agreement, other_municipality):
    outsider = UserFactory(role="coordinator", municipalities=[other_municipality])
    viewer = UserFactory(role="viewer")
    for user, status in ((outsider, 404), (viewer, 403)):
        client.force_login(user)
        for name in ("agreement_end", "agreement_cancel", "agreement_reopen", "agreement_undo"):
            assert client.post(reverse(f"partnerships:{name}", args=[agreement.pk])).status_code == status
    agreement.refresh_from_db()
    assert agreement.status == Status.ACTIVE


def test_recorded_late_counts_for_the_past(municipality, school):
    assert counting(municipality, datetime.date(2024, 10, 1)) == 0
    AgreementFactory(school=school, start_date=datetime.date(2024, 9, 1))  # entered today
    assert counting(municipality, datetime.date(2024, 10, 1)) == 1


def test_goal_per_school_year(municipality):
    SchoolYearGoal.objects.create(municipality=municipality, school_year=2026, target=5)
    goal_on = {
        day: Municipality.objects.with_goal_progress(day).get(pk=municipality.pk).agreement_goal
        for day in (datetime.date(2025, 3, 3), datetime.date(2026, 7, 31), datetime.date(2026, 8, 1))
    }
    assert list(goal_on.values()) == [3, 3, 5]  # raising 2026/27 leaves earlier years as they were


def test_admin_status_change_goes_through_the_service(client, superuser, agreement):
    client.force_login(superuser)
    url = reverse("admin:partnerships_cooperationagreement_change", args=[agreement.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "contact_persons"}
    data.update(
        status="cancelled",
        status_reason="",
        start_date="2025-01-01",
        **{
            "transitions-TOTAL_FORMS": "0",
            "transitions-INITIAL_FORMS": "0",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 200  # no reason: refused with a message on the form
    agreement.refresh_from_db()
    assert agreement.status == Status.ACTIVE
    data["status_reason"] = "Fejl"
    response = client.post(url, data)
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Status.CANCELLED
    assert agreement.transitions.get().reason == "Fejl"


def test_set_status_refuses_a_change_with_no_service(agreement, coordinator):
    with pytest.raises(ValidationError):
        set_status(agreement, Status.DRAFT, user=coordinator)


# --- The SQL rule and its Python twin agree on random histories -------------------------------------

DAYS = st.dates(min_value=datetime.date(2023, 1, 1), max_value=datetime.date(2027, 12, 31))
ACTIONS = st.lists(st.sampled_from(["activate", "end", "cancel", "reopen", "undo", "edit_end"]), max_size=6)


class RuleAgreesWithItsTwin(HypothesisTestCase):
    @settings(max_examples=60, deadline=None)
    @given(
        histories=st.lists(
            st.tuples(DAYS, st.integers(0, 400), ACTIONS, st.booleans()), min_size=1, max_size=4
        ),
        asked=st.lists(DAYS, min_size=1, max_size=4),
    )
    def test_counting_q_and_counts_on_agree(self, histories, asked):
        with time_machine.travel(datetime.datetime(2026, 3, 15, 12, tzinfo=datetime.UTC), tick=False):
            municipality = MunicipalityFactory()
            user = UserFactory(role="coordinator", municipalities=[municipality])
            agreements = []
            for start, length, actions, draft in histories:
                agreement = AgreementFactory(
                    school=SchoolFactory(municipality=municipality),
                    start_date=start,
                    status=Status.DRAFT if draft else Status.ACTIVE,
                )
                for action in actions:
                    try:
                        if action == "activate":
                            activate_agreement(agreement, user=user)
                        elif action == "end":
                            end_agreement(
                                agreement, user=user, end_date=min(start + datetime.timedelta(length), TODAY)
                            )
                        elif action == "cancel":
                            cancel_agreement(agreement, user=user, reason="x")
                        elif action == "reopen":
                            reopen_agreement(agreement, user=user)
                        elif action == "undo":
                            undo_status_change(agreement, user=user)
                        elif agreement.status != Status.ENDED:
                            agreement.refresh_from_db()
                            agreement.end_date = start + datetime.timedelta(length)
                            agreement.save()
                    except ValidationError:
                        pass
                agreement.refresh_from_db()
                agreements.append(agreement)
            for day in asked:
                in_sql = set(CooperationAgreement.objects.counting(day).values_list("pk", flat=True))
                in_python = {a.pk for a in agreements if a.counts_on(day)}
                assert in_sql == in_python
                expected = len(in_python)
                assert (
                    Municipality.objects.with_goal_progress(day).get(pk=municipality.pk).counting == expected
                )
                assert Municipality.objects.counts_on({"n": day})[municipality.pk] == {"n": expected}
                for status in Status:
                    shown = set(CooperationAgreement.objects.in_status(status).values_list("pk", flat=True))
                    assert shown == {a.pk for a in agreements if a.display_status() == status}
