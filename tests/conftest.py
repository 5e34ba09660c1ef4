from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings

from partnerships.models import Municipality, MunicipalityGroup, User
from tests.demo_rows import seed_demo
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    MunicipalityFactory,
    SchoolFactory,
    UserFactory,
)

# A test that asks for none of these never reaches a database (pytest-django blocks it).
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup"}


def pytest_collection_modifyitems(config, items):
    """Modules with a long test (`slow`, `browser`) run first, so that the parallel workers finish together
    instead of one of them running a long test alone at the end. Whole modules move, in their own order,
    so that data made once per module is still made once.

    A test that touches no database is marked `no_database`: CI runs it once, on SQLite, not again on
    PostgreSQL (`.ci/run`)."""
    for item in items:
        if not (item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(item.fixturenames)):
            item.add_marker("no_database")
    first = {
        item.module for item in items if item.get_closest_marker("slow") or item.get_closest_marker("browser")
    }
    items.sort(key=lambda item: item.module not in first)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database; at the end, connections that threads of the live server or of
    concurrency tests left open are closed first, so that PostgreSQL drops the database at once (it would
    wait five seconds for them, then refuse and leave the database behind)."""
    yield
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """A fast hasher for the whole run, so data made once per module (`demo_data`) uses it too."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True, scope="session")
def _no_collected_static_files(tmp_path_factory):
    """Static files come from static/ in tests. A staticfiles/ left by `make serve` or the benchmarks would
    otherwise be read by WhiteNoise again for every test's client, a tenth of a second each time."""
    with override_settings(STATIC_ROOT=tmp_path_factory.mktemp("staticfiles")):
        yield


@pytest.fixture(autouse=True)
def _fast_tests(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False


@contextmanager
def kept_for_the_module(django_db_blocker):
    """Data made once for a whole module (like Django's setUpTestData): created in a transaction that is
    rolled back at the end; each test runs in a savepoint inside it, so tests still cannot see each
    other's changes."""
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """`seed_demo`'s data, made once per module (written back from the process's first run: `demo_rows`)."""
    with kept_for_the_module(django_db_blocker):
        seed_demo()
        yield


@pytest.fixture
def reference_data(db):
    call_command("seed_reference", verbosity=0)


@pytest.fixture
def municipality(db):
    return MunicipalityFactory(name="Odder", code="0727", slug="odder")


@pytest.fixture
def other_municipality(db):
    return MunicipalityFactory(name="Samsø", code="0741", slug="samsoe")


@pytest.fixture
def school(municipality):
    return SchoolFactory(municipality=municipality)


@pytest.fixture
def company(municipality):
    return CompanyFactory(municipality=municipality)


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def coordinator(municipality):
    return UserFactory(
        email="koordinator@odder.example.com", role=User.Role.COORDINATOR, municipalities=[municipality]
    )


@pytest.fixture
def viewer(db):
    return UserFactory(email="region@example.com", role=User.Role.VIEWER)


@pytest.fixture
def danish(client):
    """Requests in Danish, as a browser that prefers Danish sends them."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "da"
    return client


@pytest.fixture
def north(reference_data):
    """A second group in the database beside BRAA (the default): Region Nordjylland's 11 municipalities,
    with an active agreement in Aalborg (north) and one in Aarhus (BRAA)."""
    group = MunicipalityGroup.objects.create(
        name="Region Nordjyllands kommuner",
        slug="nord",
        organisation_name="Nordjysk Erhvervssamarbejde",
        organisation_email="kontakt@nord.example.dk",
        email_sender_name="Nordjyske Partnerskaber",
        email_signature="Nordjysk Erhvervssamarbejde – skoler og virksomheder",
    )
    group.municipalities.set(Municipality.objects.filter(region__code="1081"))
    for code in ("0851", "0751"):  # Aalborg in the north, Aarhus in BRAA
        school = SchoolFactory(municipality=Municipality.objects.get(code=code))
        AgreementFactory(school=school, status="active")
    return group
