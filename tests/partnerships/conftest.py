"""The fake CVR register, filled with a company with production units in two municipalities and a
reklamebeskyttet one, for every test of the look-up."""

import pytest
from django.core.cache import cache

from .cvr_helpers import (
    BRYGHUS,
    ENDED_UNIT,
    MASKINFABRIK,
    ODDER_UNIT,
    PASSWORD,
    SKANDERBORG_UNIT,
    USER,
    FakeRegister,
    address,
    company,
    unit,
)


@pytest.fixture
def register(settings):
    fake = FakeRegister().start()
    settings.CVR_API_URL = fake.url
    settings.CVR_API_USER = USER
    settings.CVR_API_PASSWORD = PASSWORD
    settings.CVR_API_TIMEOUT = 2
    odder = address("Industrivej", 8, 8300, "Odder", 727, "ODDER")
    fake.add(
        company(
            MASKINFABRIK,
            "Odder Maskinfabrik A/S",
            odder,
            units=[ODDER_UNIT, SKANDERBORG_UNIT],
            ended_units=[ENDED_UNIT],
            old_name="Odder Smedie ApS",
        ),
        unit(ODDER_UNIT, MASKINFABRIK, "Odder Maskinfabrik A/S", odder),
        unit(
            SKANDERBORG_UNIT,
            MASKINFABRIK,
            "Odder Maskinfabrik, afd. Skanderborg",
            address(
                "Vestergade",
                21,
                8660,
                "Skanderborg",
                746,
                "SKANDERBORG",
                bogstavFra="A",
                etage="2",
                sidedoer="th",
            ),
        ),
        unit(
            ENDED_UNIT,
            MASKINFABRIK,
            "Odder Smedie, Horsens",
            address("Havnen", 3, 8700, "Horsens", 615, "HORSENS"),
        ),
    )
    fake.add(
        company(
            BRYGHUS, "Samsø Bryghus ApS", address("Langgade", 5, 8305, "Samsø", 741, "SAMSØ"), protected=True
        )
    )
    cache.clear()
    yield fake
    fake.stop()
    cache.clear()


@pytest.fixture
def english(client):
    """Requests in English, for tests that read new messages."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
