import pytest

from partnerships.models import User
from tests.factories import HopInWeekFactory, UserFactory


@pytest.fixture
def coordinator(municipality):
    return UserFactory(role=User.Role.COORDINATOR, municipalities=[municipality])


@pytest.fixture
def viewer(db):
    return UserFactory(role=User.Role.VIEWER)


@pytest.fixture
def week(municipality):
    return HopInWeekFactory(municipality=municipality)
