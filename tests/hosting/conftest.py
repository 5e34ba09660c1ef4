"""The fake CVR register of the company form's tests, for the sign-up's look-up too."""

from tests.partnerships.conftest import register  # noqa: F401
