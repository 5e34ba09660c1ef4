import pytest

from partnerships.postcodes import municipalities_by_postcode, municipality_code_for


@pytest.mark.parametrize(
    ("postcode", "code"),
    [
        ("8000", "0751"),  # Aarhus C
        ("9000", "0851"),  # Aalborg, outside the default group
        ("3700", "0400"),  # Rønne, Bornholm
        (" 8305 ", "0741"),  # Samsø, with spaces typed around it
    ],
)
def test_a_postcode_in_one_municipality_suggests_it_anywhere_in_denmark(postcode, code):
    assert municipality_code_for(postcode) == code


def test_a_postcode_reaching_several_municipalities_suggests_none():
    shared = [postcode for postcode, codes in municipalities_by_postcode().items() if len(codes) > 1]
    assert len(shared) > 200
    assert all(municipality_code_for(postcode) is None for postcode in shared)
    assert municipalities_by_postcode()["8300"] >= {"0727"}


def test_an_unknown_postcode_suggests_nothing():
    assert municipality_code_for("0000") is None
    assert municipality_code_for("") is None
