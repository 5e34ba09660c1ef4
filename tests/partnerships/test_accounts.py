import datetime
import re
from email.utils import parseaddr

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from partnerships.models import Municipality, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def password_user(municipality):
    return User.objects.create_user(
        email="karen@example.com", password="en-lang-adgangskode", role=User.Role.COORDINATOR
    )


def test_login_with_email_address_any_case(client, password_user):
    response = client.post(
        reverse("login"), {"username": "Karen@Example.com", "password": "en-lang-adgangskode"}
    )
    assertRedirects(response, reverse("reporting:dashboard"), fetch_redirect_response=False)


def test_wrong_password_is_explained_in_danish(client, danish, password_user):
    response = client.post(reverse("login"), {"username": "karen@example.com", "password": "forkert"})
    assert response.status_code == 200
    assertContains(response, "korrekt")


def test_repeated_failed_logins_lock_the_account(client, danish, password_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "karen@example.com", "password": "forkert"})
    response = client.post(
        reverse("login"), {"username": "karen@example.com", "password": "en-lang-adgangskode"}
    )
    assert response.status_code == 429
    assertContains(response, "For mange mislykkede login", status_code=429)


def test_anonymous_users_are_sent_to_login(client, db):
    response = client.get(reverse("partnerships:agreement_list"))
    assertRedirects(response, f"{reverse('login')}?next={reverse('partnerships:agreement_list')}")


def test_password_reset_sends_a_working_link(client, password_user):
    client.post(reverse("password_reset"), {"email": "karen@example.com"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "et-helt-nyt-kodeord", "new_password2": "et-helt-nyt-kodeord"},
    )
    assertRedirects(response, reverse("password_reset_complete"))
    password_user.refresh_from_db()
    assert password_user.check_password("et-helt-nyt-kodeord")


def test_password_change_page_renders_in_portal_style(client, password_user, settings):
    settings.PORTAL_NAME = "Nordjyske Partnerskaber"
    client.force_login(password_user)
    response = client.get(reverse("password_change"))
    assertContains(response, "<h1>", count=1)
    assertContains(response, "Nordjyske Partnerskaber")


def test_session_cookie_is_httponly_lax_and_expires_when_idle(settings):
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.SESSION_COOKIE_AGE <= 60 * 60


def test_activity_renews_the_session_at_most_once_a_minute_and_idleness_ends_it(client, coordinator):
    url = reverse("partnerships:agreement_list")
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False) as clock:
        client.force_login(coordinator)
        assert client.get(url).cookies["sessionid"].value  # renewed: the first request
        clock.shift(30)
        assert "sessionid" not in client.get(url).cookies  # nothing written within the minute
        clock.shift(31)
        assert client.get(url).cookies["sessionid"]["max-age"] == 30 * 60  # renewed again
        clock.shift(29 * 60)
        assert client.get(url).status_code == 200  # 29 minutes after the renewal: still logged in
        clock.shift(31 * 60)
        assert client.get(url).status_code == 302  # over 30 minutes idle: logged out


def test_create_coordinator_with_password(reference_data, capsys):
    call_command("create_coordinator", "ny@example.com", "--municipality", "0751", "--municipality", "0727",
                 "--password", "en-god-adgangskode")  # fmt: skip
    user = User.objects.get(email="ny@example.com")
    assert user.is_coordinator
    assert set(user.municipalities.values_list("code", flat=True)) == {"0751", "0727"}
    assert user.check_password("en-god-adgangskode")


def test_create_coordinator_without_password_prints_a_one_time_link(client, reference_data, capsys):
    call_command("create_coordinator", "link@example.com", "--municipality", "0751")
    out = capsys.readouterr().out
    link = re.search(r"http://127.0.0.1:8000(/\S+)", out).group(1)
    assert client.get(link, follow=True).context["validlink"] is True


def test_create_coordinator_updates_an_existing_user_and_makes_viewers(reference_data):
    UserFactory(email="eksisterer@example.com")
    call_command(
        "create_coordinator", "eksisterer@example.com", "--viewer", "--password", "en-god-adgangskode"
    )
    user = User.objects.get(email="eksisterer@example.com")
    assert user.is_regional_viewer
    assert User.objects.filter(email="eksisterer@example.com").count() == 1


def test_create_coordinator_refuses_unknown_codes(reference_data):
    with pytest.raises(CommandError, match="9999"):
        call_command("create_coordinator", "x@example.com", "--municipality", "9999")


def fail_logins(client, usernames, url=None):
    for username in usernames:
        client.post(url or reverse("login"), {"username": username, "password": "forkert"})


@pytest.mark.parametrize(
    "spelling", ["Karen@example.com", " karen@example.com", "KAREN@EXAMPLE.COM ", "\tkaren@Example.com"]
)
def test_lockout_holds_for_every_spelling_of_the_address(client, password_user, settings, spelling):
    fail_logins(client, ["karen@example.com"] * settings.AXES_FAILURE_LIMIT)
    response = client.post(reverse("login"), {"username": spelling, "password": "en-lang-adgangskode"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_guesses_spread_over_spellings_count_together(client, password_user, settings):
    spellings = [
        "karen@example.com",
        "Karen@example.com",
        " karen@example.com",
        "KAREN@example.com",
        "karen@EXAMPLE.com",
        "karen@example.com ",
    ]
    fail_logins(client, (spellings * 5)[: settings.AXES_FAILURE_LIMIT * 6])
    response = client.post(
        reverse("login"), {"username": "kArEn@example.com", "password": "en-lang-adgangskode"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_admin_login_shares_the_lockout(client, settings):
    User.objects.create_superuser(email="chef@example.com", password="en-lang-adgangskode")
    fail_logins(client, ["Chef@Example.com"] * settings.AXES_FAILURE_LIMIT, url=reverse("admin:login"))
    response = client.post(
        reverse("login"), {"username": " chef@example.com", "password": "en-lang-adgangskode"}
    )
    assert response.status_code == 429


def test_behind_the_proxy_each_client_is_counted_by_its_own_address(client, password_user, settings):
    settings.RATE_LIMIT_PROXY_COUNT = 1
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.5", "REMOTE_ADDR": "10.0.0.1"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "karen@example.com", "password": "forkert"}, **attacker)
    locked = client.post(
        reverse("login"), {"username": "karen@example.com", "password": "en-lang-adgangskode"}, **attacker
    )
    assert locked.status_code == 429
    owner = {"HTTP_X_FORWARDED_FOR": "198.51.100.7", "REMOTE_ADDR": "10.0.0.1"}
    response = client.post(
        reverse("login"), {"username": "karen@example.com", "password": "en-lang-adgangskode"}, **owner
    )
    assertRedirects(response, reverse("reporting:dashboard"), fetch_redirect_response=False)


def test_password_reset_emails_are_limited_per_address(client, password_user, settings):
    for _ in range(8):
        response = client.post(reverse("password_reset"), {"email": "Karen@example.com"})
        assertRedirects(response, reverse("password_reset_done"), fetch_redirect_response=False)
    assert len(mail.outbox) == settings.PASSWORD_RESET_LIMITS["address"]


def test_password_reset_requests_are_limited_per_client(client, db, settings):
    statuses = [
        client.post(reverse("password_reset"), {"email": f"nobody{n}@example.com"}).status_code
        for n in range(settings.PASSWORD_RESET_LIMITS["client"] + 2)
    ]
    assert statuses == [302] * settings.PASSWORD_RESET_LIMITS["client"] + [429, 429]


def test_password_reset_link_comes_from_the_site_address(client, password_user, settings):
    settings.SITE_URL = "https://partnerskaber.example.dk"
    client.post(reverse("password_reset"), {"email": "karen@example.com"})
    assert "https://partnerskaber.example.dk/accounts/reset/" in mail.outbox[0].body
    assert "testserver" not in mail.outbox[0].body  # never the Host header of the request


def test_a_locked_out_account_can_choose_a_new_password_and_log_in(client, password_user, settings):
    fail_logins(client, ["karen@example.com"] * settings.AXES_FAILURE_LIMIT)
    client.post(reverse("password_reset"), {"email": "karen@example.com"})
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    form_page = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_page, {"new_password1": "et-helt-nyt-kodeord", "new_password2": "et-helt-nyt-kodeord"})
    response = client.post(
        reverse("login"), {"username": "karen@example.com", "password": "et-helt-nyt-kodeord"}
    )
    assertRedirects(response, reverse("reporting:dashboard"), fetch_redirect_response=False)


def test_create_coordinator_makes_a_viewer_of_the_groups_given(north, capsys):
    call_command(
        "create_coordinator", "nord@example.com", "--viewer", "--group", "nord", "--password", "x-y-z-w"
    )
    user = User.objects.get(email="nord@example.com")
    assert list(user.viewer_groups.all()) == [north]
    assert "regional viewer of Region Nordjyllands kommuner" in capsys.readouterr().out
    with pytest.raises(CommandError, match="nowhere"):
        call_command("create_coordinator", "nord@example.com", "--viewer", "--group", "nowhere")
    with pytest.raises(CommandError, match="--viewer"):
        call_command("create_coordinator", "nord@example.com", "--municipality", "0851", "--group", "nord")


def test_password_reset_is_sent_in_the_name_of_the_persons_group(client, north):
    aalborg = Municipality.objects.get(code="0851")
    UserFactory(email="k@aalborg.example.dk", role=User.Role.COORDINATOR, municipalities=[aalborg])
    client.post(reverse("password_reset"), {"email": "k@aalborg.example.dk"})
    (message,) = mail.outbox
    assert parseaddr(message.from_email)[0] == "Nordjyske Partnerskaber"
    assert message.body.rstrip().endswith(north.email_signature)
    assert re.search(r"https?://\S+/accounts/reset/\S+", message.body)
