"""Personal data of every kind of account, the retention of host sign-ups, and the admin log."""

import datetime
import json

import pytest
import time_machine
from axes.models import AccessLog
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from hosting.models import HostSignup
from hosting.services import purge_expired_signups
from partnerships.models import User
from tests.factories import ContactPersonFactory, UserFactory
from tests.hosting.hosting_helpers import make_signup

pytestmark = pytest.mark.django_db
Status = HostSignup.Status


@pytest.fixture
def accounts(municipality, company):
    return {
        "coordinator": UserFactory(role=User.Role.COORDINATOR, municipalities=[municipality]),
        "viewer": UserFactory(role=User.Role.VIEWER),
        "company login": UserFactory(role=User.Role.COMPANY, company=company),
        "administrator": UserFactory(is_staff=True),
    }


@pytest.mark.parametrize("kind", ["coordinator", "viewer", "company login", "administrator"])
def test_every_kind_of_account_can_export_its_own_data(client, accounts, kind):
    account = accounts[kind]
    client.force_login(account)
    assertContains(client.get(reverse("privacy:my_account")), reverse("privacy:my_account_export"))
    data = json.loads(client.get(reverse("privacy:my_account_export")).content)
    assert data["user_account"]["email"] == account.email
    assert data["user_account"]["first_name"] == account.first_name
    assert data["user_account"]["role"] == account.role


@pytest.mark.parametrize("kind", ["coordinator", "viewer", "company login", "administrator"])
def test_every_kind_of_account_is_erased_after_confirming(client, superuser, accounts, kind):
    account = accounts[kind]
    email, first_name = account.email, account.first_name
    AccessLog.objects.create(
        username=email, ip_address="10.0.0.1", user_agent="x", attempt_time=timezone.now()
    )
    LogEntry.objects.log_actions(user_id=superuser.pk, queryset=[account], action_flag=CHANGE)
    client.force_login(superuser)
    url = reverse("privacy:account_erase", args=[account.pk])
    page = client.get(url)
    assertContains(page, email)
    assertContains(page, "1 loginregistrering")
    assertContains(page, reverse("privacy:account_export", args=[account.pk]))
    account.refresh_from_db()
    assert account.email == email  # asking changes nothing

    assertRedirects(client.post(url), reverse("admin:partnerships_user_changelist"))
    account.refresh_from_db()
    assert email not in account.email and account.first_name == "" and not account.is_active
    assert not account.has_usable_password()
    assert not AccessLog.objects.filter(username=email).exists()
    assert not LogEntry.objects.filter(object_repr__contains=first_name).exists()
    assert not LogEntry.objects.filter(object_repr__contains=email).exists()


def test_only_administrators_export_or_erase_other_accounts(client, accounts):
    target = accounts["viewer"]
    client.force_login(accounts["coordinator"])
    assert client.get(reverse("privacy:account_export", args=[target.pk])).status_code == 403
    assert client.post(reverse("privacy:account_erase", args=[target.pk])).status_code == 403
    target.refresh_from_db()
    assert target.is_active


def test_the_admin_links_to_export_and_erasure(client, superuser, accounts):
    client.force_login(superuser)
    account = accounts["viewer"]
    page = client.get(reverse("admin:partnerships_user_change", args=[account.pk]))
    assertContains(page, reverse("privacy:account_erase", args=[account.pk]))


def test_erasing_a_contact_person_leaves_no_name_in_the_admin_log(client, coordinator, superuser, company):
    person = ContactPersonFactory(school=None, company=company, name="Mette Hansen")
    LogEntry.objects.log_actions(user_id=superuser.pk, queryset=[person], action_flag=CHANGE)
    client.force_login(coordinator)
    client.post(reverse("privacy:contact_erase", args=[person.pk]))
    assert LogEntry.objects.filter(object_id=str(person.pk)).exists()
    assert not LogEntry.objects.filter(object_repr__contains="Mette").exists()


def test_unconfirmed_and_rejected_signups_are_deleted_after_the_retention_period(municipality, settings):
    settings.HOST_SIGNUP_RETENTION_DAYS = 30
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        unconfirmed = make_signup(municipality, contact_email="a@example.com")
        rejected = make_signup(municipality, contact_email="b@example.com", status=Status.REJECTED)
        rejected.decided_at = start + datetime.timedelta(days=10)
        rejected.save()
        waiting = make_signup(municipality, contact_email="c@example.com", status=Status.WAITING)
    assert purge_expired_signups(now=start + datetime.timedelta(days=29)) == 0
    assert purge_expired_signups(now=start + datetime.timedelta(days=31), dry_run=True) == 1
    assert HostSignup.objects.filter(pk=unconfirmed.pk).exists()  # a dry run deletes nothing
    assert purge_expired_signups(now=start + datetime.timedelta(days=31)) == 1
    assert not HostSignup.objects.filter(pk=unconfirmed.pk).exists()
    assert HostSignup.objects.filter(pk=rejected.pk).exists()  # 30 days after the decision
    assert purge_expired_signups(now=start + datetime.timedelta(days=41)) == 1
    assert list(HostSignup.objects.all()) == [waiting]  # what waits for a decision stays


def test_the_command_purges_and_the_notice_states_the_period(client, danish, municipality, settings, capsys):
    settings.HOST_SIGNUP_RETENTION_DAYS = 14
    with time_machine.travel(timezone.now() - datetime.timedelta(days=15)):
        make_signup(municipality)
    call_command("purge_signups", "--dry-run")
    assert HostSignup.objects.count() == 1
    call_command("purge_signups")
    assert HostSignup.objects.count() == 0
    assert "1 host sign-up(s)" in capsys.readouterr().out
    assertContains(client.get(reverse("privacy:privacy_notice")), "14 dage")


def test_a_viewers_followed_groups_are_exported_and_erased(client, superuser, north):
    viewer = UserFactory(role=User.Role.VIEWER)
    viewer.viewer_groups.set([north])
    client.force_login(viewer)
    data = json.loads(client.get(reverse("privacy:my_account_export")).content)
    assert data["user_account"]["followed_groups"] == ["Region Nordjyllands kommuner"]
    client.force_login(superuser)
    client.post(reverse("privacy:account_erase", args=[viewer.pk]))
    assert not viewer.viewer_groups.exists()
