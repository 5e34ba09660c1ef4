import random
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from demo.identifiers import valid_cvr
from hosting.models import HostSignup
from hosting.services import confirm_signup
from partnerships.models import Company, User
from tests.factories import UserFactory

from .hosting_helpers import link_in, make_signup

pytestmark = pytest.mark.django_db
QUEUE = reverse("hosting:host_signup_queue")


@pytest.fixture
def coordinator(municipality):
    return UserFactory(role=User.Role.COORDINATOR, municipalities=[municipality], email="koord@odder.dk")


@pytest.fixture
def waiting(municipality, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signup = confirm_signup(make_signup(municipality, language="en"))
    mail.outbox.clear()
    return signup


def approve_url(signup):
    return reverse("hosting:host_signup_approve", args=[signup.pk])


def reject_url(signup):
    return reverse("hosting:host_signup_reject", args=[signup.pk])


def test_queue_lists_waiting_signups_with_their_own_buttons(client, coordinator, waiting, municipality):
    make_signup(municipality, contact_email="unconfirmed@example.com", name="Ubekræftet ApS")
    client.force_login(coordinator)
    response = client.get(QUEUE)
    body = response.content.decode()
    assert body.count("<h1") == 1
    assert waiting.company.name in body
    assert "Ubekræftet ApS" not in body
    assert approve_url(waiting) in body and reject_url(waiting) in body


def test_queue_shows_only_the_coordinators_municipalities(client, waiting, other_municipality):
    other = UserFactory(role=User.Role.COORDINATOR, municipalities=[other_municipality])
    client.force_login(other)
    assert waiting.company.name not in client.get(QUEUE).content.decode()
    assert client.get(approve_url(waiting)).status_code == 404
    assert client.post(approve_url(waiting)).status_code == 404
    assert client.post(reject_url(waiting), {"reason": "Nej"}).status_code == 404
    waiting.refresh_from_db()
    assert waiting.status == HostSignup.Status.WAITING


def test_regional_viewer_sees_the_queue_but_cannot_decide(client, waiting):
    viewer = UserFactory(role=User.Role.VIEWER)
    client.force_login(viewer)
    response = client.get(QUEUE)
    assertContains(response, waiting.company.name)
    assert approve_url(waiting) not in response.content.decode()
    assert client.post(approve_url(waiting)).status_code == 403
    assert client.post(reject_url(waiting), {"reason": "Nej"}).status_code == 403


@pytest.mark.parametrize("name", ["host_signup_queue", "host_signup_approve", "host_signup_reject"])
def test_company_users_and_people_without_role_are_refused(client, waiting, company, name):
    args = [] if name == "host_signup_queue" else [waiting.pk]
    for user in (UserFactory(role=User.Role.COMPANY, company=company), UserFactory()):
        client.force_login(user)
        assert client.get(reverse(f"hosting:{name}", args=args)).status_code == 403


def test_anonymous_is_sent_to_login(client, waiting):
    response = client.get(QUEUE)
    assert response.status_code == 302 and reverse("login") in response.url


def test_approve_asks_for_confirmation_first(client, coordinator, waiting):
    client.force_login(coordinator)
    response = client.get(approve_url(waiting))
    assertContains(response, waiting.company.name)
    waiting.refresh_from_db()
    assert waiting.status == HostSignup.Status.WAITING


def test_approve_makes_an_approved_host_with_a_company_login(
    client, settings, coordinator, waiting, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://portal.example.dk"
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(approve_url(waiting))
    assertRedirects(response, QUEUE)
    waiting.refresh_from_db()
    company = waiting.company
    assert waiting.status == HostSignup.Status.APPROVED
    assert waiting.decided_by == coordinator
    assert company.host_status == Company.HostStatus.APPROVED
    user = User.objects.get(email="mette@example.com")
    assert user.role == User.Role.COMPANY and user.company == company and user.is_company_user
    assert user.first_name == "Mette" and user.last_name == "Hansen"
    assert not user.has_usable_password()
    record = company.history.first()
    assert record.host_status == Company.HostStatus.APPROVED
    assert record.history_user == coordinator
    assert "godkendt" in record.history_change_reason
    [message] = mail.outbox
    assert message.to == ["mette@example.com"]
    assert "approved" in message.subject  # the contact signed up in English
    assert link_in(message).startswith("https://portal.example.dk/hosts/password/")
    assert waiting.company.name not in client.get(QUEUE).content.decode()


def test_password_link_sets_the_password_once(
    client, coordinator, waiting, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(approve_url(waiting))
    client.logout()
    path = urlparse(link_in(mail.outbox[0])).path
    response = client.get(path, follow=True)
    assert response.context["validlink"]
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "kort", "new_password2": "kort"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200 and response.context["form"].errors
    password = "Maskinfabrik-i-Odder-2026"
    response = client.post(
        form_url,
        {"new_password1": password, "new_password2": password},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    # Logged in at once, on the company's own page: no second login right after choosing a password.
    assertRedirects(response, reverse("hosting:my_company"))
    assertContains(response, "you are logged in")
    user = User.objects.get(email="mette@example.com")
    assert user.check_password(password)
    assert int(client.session["_auth_user_id"]) == user.pk
    client.logout()
    assert not client.get(path, follow=True).context["validlink"]


def test_approve_refuses_an_email_that_belongs_to_a_coordinator(
    client, coordinator, municipality, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signup = confirm_signup(make_signup(municipality, contact_email="koord@odder.dk"))
    client.force_login(coordinator)
    response = client.post(approve_url(signup), follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assertContains(response, "another role")
    signup.refresh_from_db()
    assert signup.status == HostSignup.Status.WAITING
    assert signup.company.host_status == Company.HostStatus.PENDING
    coordinator.refresh_from_db()
    assert coordinator.role == User.Role.COORDINATOR


def test_decided_signup_cannot_be_decided_again(client, coordinator, waiting):
    client.force_login(coordinator)
    client.post(approve_url(waiting))
    response = client.post(approve_url(waiting), follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assertContains(response, "already been decided")
    assertRedirects(client.get(reject_url(waiting)), QUEUE)
    assert User.objects.filter(email="mette@example.com").count() == 1


def test_reject_needs_a_reason(client, coordinator, waiting):
    client.force_login(coordinator)
    response = client.post(reject_url(waiting), {"reason": "  "})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    response = client.post(reject_url(waiting), {"reason": "x" * 2001})
    assert response.context["form"].errors["reason"]
    waiting.refresh_from_db()
    assert waiting.status == HostSignup.Status.WAITING


def test_reject_emails_the_reason_and_is_recorded(
    client, coordinator, waiting, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    assertContains(client.get(reject_url(waiting)), 'name="reason"')
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reject_url(waiting), {"reason": "Virksomheden ligger uden for kommunen."})
    assertRedirects(response, QUEUE)
    waiting.refresh_from_db()
    assert waiting.status == HostSignup.Status.REJECTED
    assert waiting.rejection_reason == "Virksomheden ligger uden for kommunen."
    assert waiting.company.host_status == Company.HostStatus.REJECTED
    record = waiting.company.history.first()
    assert record.history_user == coordinator and "afvist" in record.history_change_reason
    assert not User.objects.filter(email="mette@example.com").exists()
    [message] = mail.outbox
    assert message.to == ["mette@example.com"]
    assert "Virksomheden ligger uden for kommunen." in message.body


def test_workspace_counts_waiting_signups(client, coordinator, waiting, municipality):
    client.force_login(coordinator)
    response = client.get(reverse("reporting:workspace_municipality", args=[municipality.slug]))
    assert response.context["waiting_signups"] == 1
    assertContains(response, QUEUE)


def test_queue_queries_do_not_grow(client, coordinator, municipality, django_assert_max_num_queries):
    for number in range(4):
        confirm_signup(make_signup(municipality, cvr=valid_cvr(random.Random(number))))
    client.force_login(coordinator)
    # session, user, municipalities, sign-ups with company, municipality and contact, savepoints; the
    # look-alike companies of all sign-ups, and which of them the user may see (the four all look alike)
    with django_assert_max_num_queries(9):
        response = client.get(QUEUE)
    assert len(response.context["signups"]) == 4
