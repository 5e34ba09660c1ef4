import pytest
from django.core.management import call_command

from partnerships.models import User
from tests.factories import (
    CompanyFactory,
    MunicipalityFactory,
    SchoolFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _fast_tests(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False


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
