"""The Ministry's institution register (Institutionsregisteret, STIL) as school records, and the plan of
an import: which schools it creates, updates or leaves as they are, and which have left the register.

Both export layouts are read: the register's extract (INST_NR, INST_NAVN, ..., 24 to 28 columns, often
UTF-16) and uddannelsesstatistik.dk's (Institutionsnummer, Institutionsnavn, ..., 30 columns). Schools
are matched by institution number, and a school typed in by hand without one by name and municipality.
An empty cell changes nothing; a school is never deleted, only listed as having left the register.
"""

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from partnerships.models import School

from .files import Column, ImportFileError, Row, Table, read_table
from .plans import Plan, Planned, RowErrors
from .values import MunicipalityLookup, clean_field, name_key, pad_postcode, parse_coordinate, single_line

# Kinds of school the register tells apart (also in School.Kind).
SPECIAL_SCHOOL = School.Kind.SPECIAL
YOUTH_SCHOOL = School.Kind.YOUTH_SCHOOL

REGISTER_COLUMNS = (
    Column("institution_number", ("INST_NR", "Institutionsnummer"), required=True),
    Column("name", ("INST_NAVN", "Institutionsnavn"), required=True),
    Column("address", ("INST_ADR", "Adresse")),
    Column("postcode", ("POSTNR", "Postnummer")),
    Column("municipality", ("BEL_KOMMUNE", "Beliggenhedskommune")),
    Column("administrative_municipality", ("KOMMUNE_NR", "Administrativ kommune")),
    Column("type_number", ("INST_TYPE_NR", "Institutionstype, nr"), required=True),
    Column("type_name", ("INST_TYPE_NAVN", "Institutionstype, navn")),
    Column("main_institution", ("HOVEDSKOLE_INST", "Hovedinstitution")),
    Column("latitude", ("GEO_BREDDE_GRAD", "Geokode: Breddegrad")),
    Column("longitude", ("GEO_LAENGDE_GRAD", "Geokode: Længdegrad")),
)

# INST_TYPE_NR -> our kind. The numbers and names are the register's own, as in its export of 2025
# (uddannelsesstatistik.dk, "Institutionstype, nr/navn"); 1016 is from Statistics Denmark's grundskole
# tables, which also list 1011-1015. Our reading of each is in the comment.
SCHOOL_TYPES = {
    "1010": School.Kind.EFTERSKOLE,  # Efterskoler med samlet særligt tilbud
    "1011": School.Kind.EFTERSKOLE,  # Efterskoler
    "1012": School.Kind.FOLKESKOLE,  # Folkeskoler; 10.-klassecentre are 1012 too, see school_kind()
    "1013": School.Kind.FRISKOLE,  # Friskoler og private grundskoler
    "1014": YOUTH_SCHOOL,  # Kommunale ungdomsskoler og ungdomskostskoler
    "1015": SPECIAL_SCHOOL,  # Specialskoler for børn
    "1016": SPECIAL_SCHOOL,  # Dagbehandlingstilbud og behandlingshjem (Statistics Denmark)
    "1027": School.Kind.PRODUCTION,  # Institutioner for forberedende grunduddannelse: FGU replaced the
    # production schools in 2019 and holds their departments (e.g. "Otterup Produktionshøjskole")
    "1053": School.Kind.HF,  # Voksenuddannelsescentre: VUC, where young people take hf
    "1061": School.Kind.STX,  # Gymnasier og HF-kurser (an HF-kursus by name, see school_kind())
    "1062": School.Kind.STX,  # Private gymnasier og HF-kurser
    "1071": School.Kind.VOCATIONAL,  # Erhvervsskoler m.v.; their hhx and htx departments by name
    "3001": SPECIAL_SCHOOL,  # Behandlings- og specialundervisningstilbud (day treatment, grundskole age)
    "3002": SPECIAL_SCHOOL,  # Specialundervisningstilbud på børne- og ungehjem
}
# Types in the register that are not schools the portal tracks: skipped, and counted in the preview.
NOT_SCHOOL_TYPES = frozenset(
    {
        "1021",  # Daghøjskoler
        "1022",  # Folkehøjskoler
        "1026",  # Uddannelsesinstitutioner for unge med særlige behov (STU)
        "1028",  # Ungdomsskoler uden undervisningstilbud (youth clubs)
        "1051",  # Specialskoler for voksne
        "1052",  # Sprogcentre
        "1072",  # Private udbydere af AMU og EUD
        "1081",  # Maritime uddannelsesinstitutioner
        "1082",  # Institutioner inden for politi, forsvar m.v.
        "1084",  # Kunstneriske og kulturelle uddannelsesinstitutioner
        "1087",  # Institutioner med private SU-godkendte uddannelser
        "1122",  # Øvrige MVU-institutioner
        "1131",  # Universiteter
        "1133",  # Ph.d. skoler
        "2013",  # Kommuner pr. 1/1-2007
        "2021",  # Centre for Pædagogisk og psykologisk rådgivning
        "2025",  # Center for kommunal ungeindsats (KUI)
        "2026",  # Kommunal forvaltningsinstitution
    }
)
# For a type number the table above lacks (an older or newer export): the register's type name.
SCHOOL_TYPE_NAMES = (
    (re.compile(r"efterskole", re.I), School.Kind.EFTERSKOLE),
    (re.compile(r"folkeskole", re.I), School.Kind.FOLKESKOLE),
    (re.compile(r"friskole|private grundskole", re.I), School.Kind.FRISKOLE),
    (re.compile(r"specialskoler for børn", re.I), SPECIAL_SCHOOL),
    (re.compile(r"gymnasi", re.I), School.Kind.STX),
    (re.compile(r"voksenuddannelsescent", re.I), School.Kind.HF),
    (re.compile(r"erhvervsskole", re.I), School.Kind.VOCATIONAL),
    (re.compile(r"produktionsskole|forberedende grunduddannelse", re.I), School.Kind.PRODUCTION),
)
TENTH_GRADE_NAME = re.compile(
    r"\b10\s*\.?\s*[-–]?\s*kl(asse|\.|\b)", re.I
)  # "10. klasse", "10.-klassecenter"
COMMERCIAL_NAME = re.compile(r"handelsgymnasi|\bhhx\b", re.I)
TECHNICAL_NAME = re.compile(r"tekniske? gymnasi|\bhtx\b", re.I)
HF_NAME = re.compile(r"\bhf\b", re.I)
YOUTH_EDUCATION_KINDS = frozenset(
    {School.Kind.STX, School.Kind.HF, School.Kind.VOCATIONAL, School.Kind.PRODUCTION}
)


@dataclass(frozen=True)
class Skipped:
    row: int
    key: str  # institution number
    name: str
    reason: str


@dataclass
class InstitutionPlan(Plan):
    skipped: list[Skipped] = field(default_factory=list)
    # Existing schools (their values as passed in) that the file's municipalities and kinds of school
    # no longer list: to be marked inactive, never deleted.
    missing: list[Mapping[str, Any]] = field(default_factory=list)

    @property
    def changes_anything(self) -> bool:
        return bool(self.create or self.update or self.missing)


def read_register(content: bytes, *, max_rows: int | None = None) -> Table:
    """An export of the institution register as a table; ImportFileError says what is wrong with it."""
    table = read_table(content, columns=REGISTER_COLUMNS, max_rows=max_rows)
    if not (table.has("municipality") or table.has("administrative_municipality")):
        raise ImportFileError(
            _("The column “%(first)s” or “%(second)s” is missing. The first row must name the columns.")
            % {"first": "BEL_KOMMUNE", "second": "KOMMUNE_NR"}
        )
    return table


def school_kind(type_number: str, type_name: str, name: str, *, main_type_number: str = "") -> str | None:
    """Our kind of school for a register row, or None when the register's type is not one we know.

    10th-grade centres are registered as folkeskoler: they are told by their name or by belonging to a
    youth education (a vocational college's "10. klasse" department).
    """
    kind = SCHOOL_TYPES.get(type_number)
    if kind is None and type_number not in SCHOOL_TYPES:
        kind = next((kind for pattern, kind in SCHOOL_TYPE_NAMES if pattern.search(type_name)), None)
    main_kind = SCHOOL_TYPES.get(main_type_number)
    if kind == School.Kind.FOLKESKOLE and (
        TENTH_GRADE_NAME.search(name) or main_kind in YOUTH_EDUCATION_KINDS
    ):
        return School.Kind.TENTH_GRADE
    if kind == School.Kind.VOCATIONAL and COMMERCIAL_NAME.search(name):
        return School.Kind.HHX
    if kind == School.Kind.VOCATIONAL and TECHNICAL_NAME.search(name):
        return School.Kind.HTX
    if kind == School.Kind.STX and HF_NAME.search(name) and "gymnas" not in name.casefold():
        return School.Kind.HF
    return kind


def plan_institution_import(
    table: Table,
    *,
    existing: Mapping[str, Mapping[str, Any]],
    allowed_municipality_codes: Collection[str],
    unnumbered: Iterable[Mapping[str, Any]] = (),
    municipalities: Mapping[str, str] | None = None,
) -> InstitutionPlan:
    """What importing the register export would do, for a user who may edit `allowed_municipality_codes`.

    `existing` maps institution numbers to the current schools' values (name, municipality_code, kind,
    address, postcode, latitude, longitude, active, and whatever the caller needs back, such as pk);
    `unnumbered` are schools without an institution number, matched by municipality and name.
    `municipalities` (code -> name) lets the register's municipality names be read ("Aarhus Kommune").
    A school counts as having left the register only where the file lists others of its municipality
    and kind, so an export of one municipality or one kind of school leaves the rest alone.
    """
    lookup = MunicipalityLookup(municipalities or {}, any_code=True)
    allowed = frozenset(allowed_municipality_codes)
    type_by_number = {row.values["institution_number"]: row.values["type_number"] for row in table.rows}
    main_institutions = {
        main
        for row in table.rows
        if (main := row.values.get("main_institution", "")) not in ("", row.values["institution_number"])
    }
    names = {
        name_key(school["municipality_code"], school["name"]): number for number, school in existing.items()
    }
    by_name = {name_key(school["municipality_code"], school["name"]): school for school in unnumbered}
    plan = InstitutionPlan()
    seen: dict[str, int] = {}
    covered: set[tuple[str, str]] = set()
    for row in table.rows:
        errors = RowErrors(row.number, table.headers)
        number = errors.check("institution_number", _institution_number, row.values["institution_number"])
        if number in seen:
            errors.add(
                "institution_number",
                _("This institution number is also in row %(row)s.") % {"row": seen[number]},
            )
        elif number:
            seen[number] = row.number
        column = "municipality" if row.values.get("municipality") else "administrative_municipality"
        code = errors.check(column, lookup.code, row.values.get(column, ""))
        if errors:
            plan.errors.extend(errors.errors)
            continue
        name = single_line(row.values["name"])
        type_number = row.values["type_number"]
        if code not in allowed:
            plan.outside.append(Planned(row.number, number, {"name": name, "municipality_code": code}))
        elif type_number in NOT_SCHOOL_TYPES:
            type_name = row.values.get("type_name") or type_number
            reason = _("“%(type)s” are not schools the portal follows.") % {"type": type_name}
            plan.skipped.append(Skipped(row.number, number, name, reason))
        elif number in main_institutions:
            reason = _("A main institution: its departments are imported instead.")
            plan.skipped.append(Skipped(row.number, number, name, reason))
        else:
            main_type = type_by_number.get(row.values.get("main_institution", ""), "")
            values = _school_values(row, errors, number=number, name=name, code=code, main_type=main_type)
            key = name_key(code, name)
            current = existing.get(number) or by_name.get(key)
            if names.get(key, number) != number or by_name.get(key, current) is not current:
                errors.add("name", _("Another school in the municipality already has this name."))
            if errors:
                plan.errors.extend(errors.errors)
                continue
            names[key] = number
            covered.add((code, values["kind"]))
            plan.add(Planned(row.number, number, values), current)
    plan.missing = [
        school
        for number, school in sorted(existing.items())
        if number not in seen
        and school.get("active", True)
        and (school["municipality_code"], school["kind"]) in covered
    ]
    return plan


def _institution_number(text: str) -> str:
    if not text:
        raise ValidationError(_("The institution number is missing."), code="required")
    return clean_field(School, "institution_number", text)


def _school_values(row: Row, errors: RowErrors, *, number: str, name: str, code: str, main_type: str) -> dict:
    """The school's fields from a register row, for the columns the file has and the cells it fills."""
    text = row.values
    kind = school_kind(text["type_number"], text.get("type_name", ""), name, main_type_number=main_type)
    if kind is None:
        message = _(
            "The portal does not know the institution type %(number)s “%(name)s”. Add the school by hand."
        )
        errors.add(
            "type_number", message % {"number": text["type_number"], "name": text.get("type_name", "")}
        )
    values = {
        "institution_number": number,
        "name": errors.check("name", clean_field, School, "name", name),
        "municipality_code": code,
        "kind": kind,
        "active": True,
    }
    if text.get("address"):
        values["address"] = errors.check(
            "address", clean_field, School, "address", single_line(text["address"])
        )
    if text.get("postcode"):
        values["postcode"] = errors.check(
            "postcode", clean_field, School, "postcode", pad_postcode(text["postcode"])
        )
    latitude, longitude = text.get("latitude", ""), text.get("longitude", "")
    if latitude and longitude:
        values["latitude"], values["longitude"] = _coordinates(errors, latitude, longitude)
    elif latitude or longitude:
        errors.add("latitude" if latitude else "longitude", _("Give both coordinates or neither."))
    return values


def _coordinates(errors: RowErrors, latitude: str, longitude: str) -> tuple[Decimal | None, Decimal | None]:
    try:
        parse_coordinate(longitude, "latitude"), parse_coordinate(latitude, "longitude")
    except ValidationError:
        pass
    else:  # each is in the other's range: the export puts them in the wrong columns
        errors.add("latitude", _("The latitude and the longitude are swapped."))
        return None, None
    return (
        errors.check("latitude", parse_coordinate, latitude, "latitude"),
        errors.check("longitude", parse_coordinate, longitude, "longitude"),
    )
