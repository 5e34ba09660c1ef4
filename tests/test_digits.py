"""Only 0–9 are digits where the portal reads a number someone typed (brasite/lib/digits.py)."""

import pytest

from brasite.lib.digits import int_or_none, is_digits
from partnerships.fields import normalise_phone
from partnerships.schoolyears import SchoolYear


@pytest.mark.parametrize("text", ["0", "0751", "12345678"])
def test_plain_digits_are_digits(text):
    assert is_digits(text)


@pytest.mark.parametrize("text", ["", "²", "12³", "١٢", "１２", "-1", "1.5", " 1", None, 12])
def test_anything_else_is_not(text):
    assert not is_digits(text)


def test_int_or_none_reads_plain_digits_and_ids_only():
    assert int_or_none("42") == 42
    assert int_or_none(42) == 42
    assert int_or_none("9" * 18) == int("9" * 18)
    for value in ["9" * 19, "²", "١٢", "", None, True, "4 2"]:
        assert int_or_none(value) is None


def test_other_scripts_digits_are_no_phone_number_or_school_year():
    assert normalise_phone("١٢٣٤٥٦٧٨") == "١٢٣٤٥٦٧٨"
    assert normalise_phone("12 34 56 78") == "+45 12 34 56 78"
    assert SchoolYear.parse("２０２５/26") is None
    assert SchoolYear.parse("2025/26") == SchoolYear(2025)
