"""Reference data: Denmark's 5 regions and 98 municipalities, the default group of municipalities and the
programmes with their participations, all read from `partnerships/data/` (sources in its README).
"""

import csv
import json
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from .models import Municipality, MunicipalityGroup, Programme, ProgrammeParticipation, Region
from .postcodes import NOT_A_MUNICIPALITY

DATA = Path(__file__).resolve().parent / "data"
# The CSV names municipalities in the genitive where Danish does ("Københavns Kommune").
GENITIVE = {"0101": "København", "0480": "Nordfyn", "0820": "Vesthimmerland"}
DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def municipality_rows() -> list[dict[str, str]]:
    """The 98 municipalities: kommunekode, name (without "Kommune"), slug, regionskode, region name."""
    with open(DATA / "dk-municipalities.csv", encoding="utf-8", newline="") as file:
        rows = [row for row in csv.DictReader(file) if row["kommunekode"] != NOT_A_MUNICIPALITY]
    result = []
    for row in rows:
        name = GENITIVE.get(row["kommunekode"]) or row["navn"].removesuffix(" Kommune")
        result.append(
            {
                "code": row["kommunekode"],
                "name": name,
                "slug": slugify(name.translate(DANISH_LETTERS)),
                "region_code": row["regionskode"],
                "region": row["region"],
            }
        )
    return result


def _json(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8") as file:
        return json.load(file)


@transaction.atomic
def load_reference_data() -> None:
    """Create or update the regions, municipalities, groups, programmes and participations; safe to run
    again (names and slugs changed in the admin are kept)."""
    regions = {}
    for row in municipality_rows():
        if row["region_code"] not in regions:
            regions[row["region_code"]], _created = Region.objects.update_or_create(
                code=row["region_code"], defaults={"name": row["region"]}
            )
        Municipality.objects.update_or_create(
            code=row["code"],
            defaults={"region": regions[row["region_code"]]},
            create_defaults={"name": row["name"], "slug": row["slug"], "region": regions[row["region_code"]]},
        )
    by_code = {m.code: m for m in Municipality.objects.all()}
    for data in _json("groups.json"):
        fields = {key: value for key, value in data.items() if key not in ("slug", "municipalities")}
        if fields.get("is_default") and MunicipalityGroup.objects.filter(is_default=True).exclude(
            slug=data["slug"]
        ):
            fields["is_default"] = False  # an administrator chose another default group
        group, created = MunicipalityGroup.objects.get_or_create(slug=data["slug"], defaults=fields)
        if created:
            group.municipalities.set([by_code[code] for code in data["municipalities"]])
    for data in _json("programmes.json"):
        fields = {key: value for key, value in data.items() if key not in ("slug", "participations")}
        programme, _created = Programme.objects.update_or_create(slug=data["slug"], defaults=fields)
        for participation in data["participations"]:
            values = dict(participation)
            municipality = by_code[values.pop("municipality")]
            ProgrammeParticipation.objects.update_or_create(
                programme=programme, municipality=municipality, defaults=values
            )
