import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked in English; the test that wants Danish activates it itself."""
    with translation.override("en"):
        yield
