"""The municipality a Danish postcode suggests, for every postcode in Denmark (`data/dk-postcodes.csv`).

Only a hint, used to pre-select the municipality on forms: a postcode that reaches several municipalities
suggests none of them, and people can always choose another.
"""

import csv
import functools
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
NOT_A_MUNICIPALITY = "0411"  # Christiansø: administered by the state


@functools.cache
def municipalities_by_postcode() -> dict[str, frozenset[str]]:
    """Every postcode with the kommunekoder of the municipalities it reaches."""
    reaches: dict[str, set[str]] = {}
    with open(DATA / "dk-postcodes.csv", encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            if row["kommunekode"] != NOT_A_MUNICIPALITY:
                reaches.setdefault(row["postnummer"], set()).add(row["kommunekode"])
    return {postcode: frozenset(codes) for postcode, codes in reaches.items()}


@functools.cache
def postcode_hints() -> dict[str, str]:
    """Postcode -> kommunekode, for the postcodes that lie in exactly one municipality."""
    reaches = municipalities_by_postcode()
    return {postcode: next(iter(codes)) for postcode, codes in reaches.items() if len(codes) == 1}


def municipality_code_for(postcode: str) -> str | None:
    """The kommunekode a postcode suggests, or None when it is unknown or reaches several municipalities."""
    return postcode_hints().get((postcode or "").strip())
