"""Forms a coordinator meets first: the error summary, "Save and activate", a CVR number already taken."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertRedirects

from partnerships.models import CooperationAgreement
from reminders.hosts import answer_token
from reminders.models import HostAnswer
from tests.factories import (
    CompanyFactory,
    HopInHostFactory,
    HopInWeekFactory,
    MunicipalityFactory,
    SchoolClassFactory,
)
from tests.partnerships.test_agreements import form_data

pytestmark = pytest.mark.django_db
Status = CooperationAgreement.Status


def flash(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_date_order_error_marks_the_end_date_and_is_summarised(client, danish, coordinator, school, company):
    client.force_login(coordinator)
    data = form_data(school, company, start_date="2026-02-01", end_date="2026-01-01")
    response = client.post(reverse("partnerships:agreement_create"), data)
    form = response.context["form"]
    assert form.errors["end_date"] == ["Slutdatoen kan ikke ligge før startdatoen."]
    assert not form.non_field_errors()
    body = response.content.decode()
    summary = body.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#id_end_date"' in summary and "Slutdatoen kan ikke ligge før startdatoen." in summary
    assert 'id="id_end_date"' in body and "is-invalid" in body.split('id="id_end_date"', 1)[0][-200:]
    assert "js/error-summary.js" in body  # moves focus to the summary


def test_every_coordinator_form_page_gets_the_summary(client, coordinator):
    client.force_login(coordinator)
    for name in ("partnerships:school_create", "partnerships:company_create"):
        response = client.post(reverse(name), {})
        assert 'id="error-summary"' in response.content.decode(), name


def test_the_sibling_form_pages_get_the_summary_too(client, coordinator, municipality, school):
    """The HOP-IN, profile, account and host answer forms, sent with wrong input, open at the summary."""
    week = HopInWeekFactory(municipality=municipality)
    school_class = SchoolClassFactory(school=school, name="7.A")
    HopInHostFactory(week=week, capacity=1)
    client.force_login(coordinator)
    pages = {
        reverse("programmes:hopin_classcounts", args=[week.pk]): {f"school_{school.pk}": "-3"},
        reverse("programmes:schoolclass_paste", args=[week.pk]): {},
        reverse("programmes:placement_move", args=[school_class.pk]): {"host": "999999"},
        reverse("reminders:profile"): {"language": "xx"},
        reverse("privacy:my_account"): {"first_name": "x" * 500},
    }
    for url, data in pages.items():
        response = client.post(url, data)
        assert 'id="error-summary"' in response.content.decode(), url
    client.logout()
    answer = HostAnswer.objects.create(company=CompanyFactory(municipality=municipality), school_year=2026)
    response = client.post(reverse("reminders:host_answer", args=[answer_token(answer)]), {"answer": "yes"})
    assert 'id="error-summary"' in response.content.decode()


def test_failed_public_sign_up_reopens_at_the_form(client, reference_data):
    response = client.post(reverse("hosting:host_signup"), {"name": ""})
    body = response.content.decode()
    assert 'action="#form-heading"' in body
    assert body.index('id="form-heading"') < body.index('id="error-summary"') < body.index("<form method")


def test_new_draft_says_that_drafts_do_not_count(client, coordinator, school, company):
    client.force_login(coordinator)
    response = client.post(reverse("partnerships:agreement_create"), form_data(school, company))
    assert "Kladder tæller ikke med i målet" in flash(response)[0]
    assert (
        'formaction="/agreements/new/activate/"'
        in client.get(reverse("partnerships:agreement_create")).content.decode()
    )


def test_save_and_activate_makes_a_counting_agreement_in_one_step(client, coordinator, school, company):
    client.force_login(coordinator)
    today = timezone.localdate()
    data = form_data(school, company, start_date=today.isoformat())
    response = client.post(reverse("partnerships:agreement_create_active"), data, HTTP_ACCEPT_LANGUAGE="en")
    agreement = CooperationAgreement.objects.get()
    assertRedirects(response, agreement.get_absolute_url())
    assert agreement.status == Status.ACTIVE and agreement.signed_on == today
    assert agreement.created_by == coordinator
    assert agreement.counts_on(today)
    name = school.municipality.name
    assert flash(response) == [
        f"The agreement is saved and active. It counts toward the goal of {name} from today."
    ]


def test_save_and_activate_with_a_later_start_says_from_when_it_counts(client, coordinator, school, company):
    client.force_login(coordinator)
    start = timezone.localdate() + datetime.timedelta(days=10)
    data = form_data(school, company, start_date=start.isoformat(), signed_on="2026-01-02")
    response = client.post(reverse("partnerships:agreement_create_active"), data, HTTP_ACCEPT_LANGUAGE="en")
    agreement = CooperationAgreement.objects.get()
    assert agreement.status == Status.ACTIVE and agreement.signed_on == datetime.date(2026, 1, 2)
    assert "from its start date" in flash(response)[0]


def test_save_and_activate_with_errors_saves_nothing(client, coordinator, school, company):
    client.force_login(coordinator)
    response = client.post(
        reverse("partnerships:agreement_create_active"), form_data(school, company, title="")
    )
    assert response.status_code == 200 and response.context["form"].errors["title"]
    assert not CooperationAgreement.objects.exists()


def test_save_and_activate_is_post_only_and_not_for_viewers(client, viewer, school, company):
    client.force_login(viewer)
    url = reverse("partnerships:agreement_create_active")
    assert client.get(url).status_code == 405
    assert client.post(url, form_data(school, company)).status_code == 403
    assert not CooperationAgreement.objects.exists()


def company_data(municipality, cvr):
    return {"name": "Ny ApS", "cvr": cvr, "kind": "company", "municipality": municipality.pk,
            "postcode": "8300", "host_status": "approved", "hosting_capacity": 1}  # fmt: skip


def test_duplicate_cvr_names_and_links_a_company_the_user_may_see(client, coordinator, municipality):
    existing = CompanyFactory(municipality=municipality, name="Odder Maskinfabrik A/S")
    client.force_login(coordinator)
    response = client.post(reverse("partnerships:company_create"), company_data(municipality, existing.cvr))
    [error] = response.context["form"].errors["cvr"]
    assert "Odder Maskinfabrik A/S" in error
    assert f'href="{existing.get_absolute_url()}"' in response.content.decode()


def test_duplicate_cvr_of_another_municipality_says_whom_to_ask(client, coordinator, municipality):
    elsewhere = MunicipalityFactory(name="Viborg", code="0791", slug="viborg")
    existing = CompanyFactory(municipality=elsewhere, name="Viborg <Stål> A/S")
    client.force_login(coordinator)
    response = client.post(
        reverse("partnerships:company_create"),
        company_data(municipality, existing.cvr),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    [error] = response.context["form"].errors["cvr"]
    assert "Viborg <Stål> A/S" in error and "Ask the coordinator of Viborg" in error
    body = response.content.decode()
    assert existing.get_absolute_url() not in body
    assert "Viborg &lt;Stål&gt; A/S" in body
