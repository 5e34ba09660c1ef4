import random
from decimal import Decimal

import pytest
from django.utils import translation

from imports.files import ImportFileError
from imports.institutions import (
    SCHOOL_TYPES,
    SPECIAL_SCHOOL,
    YOUTH_SCHOOL,
    plan_institution_import,
    read_register,
    school_kind,
)
from imports.plans import RowError
from partnerships.models import School

from .samples import REGISTER_24, REGISTER_28, REGISTER_30, register_export, register_row

ODDER, SAMSOE, AARHUS = "0727", "0741", "0751"
MUNICIPALITIES = {ODDER: "Odder", SAMSOE: "Samsø", AARHUS: "Aarhus", "0101": "København"}


def plan_for(rows, *, header=REGISTER_28, existing=None, allowed=(ODDER,), encoding="utf-16-le", **options):
    table = read_register(register_export(rows, header=header, encoding=encoding, bom=encoding != "cp1252"))
    return plan_institution_import(
        table, existing=existing or {}, allowed_municipality_codes=allowed, **options
    )


def saved(plan, existing):
    """The schools after the plan is carried out, as the next import gets them."""
    schools = {number: dict(school) for number, school in existing.items()}
    for planned in plan.create + plan.update:
        schools.setdefault(planned.key, {}).update(planned.values)
    for school in plan.missing:
        schools[school["institution_number"]]["active"] = False
    return schools


def school(**values):
    return {
        "institution_number": "727001",
        "name": "Parkvejens Skole",
        "municipality_code": ODDER,
        "kind": "folkeskole",
        "address": "Parkvej 7",
        "postcode": "8300",
        "latitude": Decimal("55.973630"),
        "longitude": Decimal("10.149652"),
        "active": True,
        **values,
    }


def test_the_ministrys_28_column_utf16_export_becomes_school_records():
    plan = plan_for([register_row()])

    assert [(p.row, p.key, p.values) for p in plan.create] == [
        (
            2,
            "727001",
            {
                "institution_number": "727001",
                "name": "Parkvejens Skole",
                "municipality_code": ODDER,
                "kind": "folkeskole",
                "active": True,
                "address": "Parkvej 7",
                "postcode": "8300",
                "latitude": Decimal("55.973630"),
                "longitude": Decimal("10.149652"),
            },
        )
    ]
    assert not (plan.update or plan.unchanged or plan.errors or plan.outside or plan.skipped or plan.missing)


def test_the_24_column_export_without_coordinates_is_read():
    plan = plan_for([register_row()], header=REGISTER_24, encoding="cp1252")

    assert plan.create[0].values["name"] == "Parkvejens Skole"
    assert "latitude" not in plan.create[0].values


def test_the_30_column_export_of_uddannelsesstatistik_names_its_municipalities():
    rows = [
        register_row(BEL_KOMMUNE_NAVN="Odder Kommune"),
        register_row(
            INST_NR="101001", INST_NAVN="Den Classenske Legatskole", BEL_KOMMUNE_NAVN="Københavns Kommune"
        ),
    ]
    plan = plan_for(
        rows, header=REGISTER_30, encoding="utf-8", allowed=(ODDER, "0101"), municipalities=MUNICIPALITIES
    )

    assert [(p.key, p.values["municipality_code"]) for p in plan.create] == [
        ("727001", ODDER),
        ("101001", "0101"),
    ]


def test_columns_in_any_order_and_extra_columns_are_fine():
    header = REGISTER_28[::-1] + ["EKSTRA_KOLONNE", "ANDEN"]
    random.Random(14).shuffle(header)
    plan = plan_for([register_row(EKSTRA_KOLONNE="x")], header=header)

    assert plan.create[0].values["name"] == "Parkvejens Skole"
    assert plan.create[0].values["latitude"] == Decimal("55.973630")


def test_an_export_without_a_municipality_column_is_refused_by_name():
    header = [column for column in REGISTER_28 if column not in ("KOMMUNE_NR", "BEL_KOMMUNE")]
    with pytest.raises(ImportFileError) as error:
        read_register(register_export([register_row()], header=header))
    assert error.value.message == (
        "The column “BEL_KOMMUNE” or “KOMMUNE_NR” is missing. The first row must name the columns."
    )
    with pytest.raises(ImportFileError, match="“INST_TYPE_NR” is missing"):
        read_register(
            register_export([register_row()], header=[c for c in REGISTER_28 if c != "INST_TYPE_NR"])
        )


@pytest.mark.parametrize(
    ("type_number", "type_name", "name", "main_type", "kind"),
    [
        ("1010", "Efterskoler med samlet særligt tilbud", "Dybbøl Efterskole", "", "efterskole"),
        ("1011", "Efterskoler", "Aarhus Efterskole", "", "efterskole"),
        ("1012", "Folkeskoler", "Beder Skole", "", "folkeskole"),
        ("1012", "Folkeskoler", "Ungecentret - 10. klasse", "", "10th_grade"),
        ("1012", "Folkeskoler", "Egedal 10. klassecenter", "1012", "10th_grade"),
        ("1012", "Folkeskoler", "EUC Syd,  Stegholt, 10 klasse", "1071", "10th_grade"),
        ("1012", "Folkeskoler", "AARHUS TECH, FUTURE10", "1071", "10th_grade"),
        ("1012", "Folkeskoler", "Viby Skole, afdeling Bueager", "1012", "folkeskole"),
        ("1013", "Friskoler og private grundskoler", "Elise Smiths Skole", "", "friskole"),
        (
            "1014",
            "Kommunale ungdomsskoler og ungdomskostskoler",
            "Skanderborg Ungdomsskole",
            "",
            YOUTH_SCHOOL,
        ),
        ("1015", "Specialskoler for børn", "Kaløvigskolen", "", SPECIAL_SCHOOL),
        ("3001", "Behandlings- og specialundervisningstilbud", "Behandlingsskolen", "", SPECIAL_SCHOOL),
        ("1027", "Institutioner for forberedende grunduddannelse", "FGU Østjylland, Odder", "", "production"),
        ("1053", "Voksenuddannelsescentre", "Aarhus HF & VUC, Aarhus afdeling", "1053", "hf"),
        ("1061", "Gymnasier og HF-kurser", "Aarhus Katedralskole", "", "stx"),
        ("1061", "Gymnasier og HF-kurser", "Horsens Gymnasium & HF", "", "stx"),
        ("1061", "Gymnasier og HF-kurser", "Frederiksberg HF-Kursus", "", "hf"),
        ("1062", "Private gymnasier og HF-kurser", "Niels Steensens Gymnasium", "", "stx"),
        ("1071", "Erhvervsskoler m.v.", "Mercantec", "", "eud_eux"),
        ("1071", "Erhvervsskoler m.v.", "U/NORD Hillerød Handelsgymnasium", "1071", "hhx"),
        ("1071", "Erhvervsskoler m.v.", "TEKNISK GYMNASIUM,  Skanderborg", "1071", "htx"),
        ("1099", "Produktionsskoler", "Odder Produktionsskole", "", "production"),
        ("9998", "Endnu ikke klassificerede institutioner", "Sygehusundervisningen", "", None),
        ("1999", "", "Ukendt", "", None),
    ],
)
def test_the_register_type_becomes_our_kind_of_school(type_number, type_name, name, main_type, kind):
    assert school_kind(type_number, type_name, name, main_type_number=main_type) == kind


def test_every_mapped_kind_is_a_school_kind_or_one_of_the_two_the_model_lacks():
    assert set(SCHOOL_TYPES.values()) <= set(School.Kind.values) | {SPECIAL_SCHOOL, YOUTH_SCHOOL}


def test_an_unknown_type_is_reported_and_never_guessed():
    plan = plan_for([register_row(INST_TYPE_NR="9998", INST_NAVN="Sygehusundervisningen")])

    assert plan.errors == [
        RowError(
            2,
            "INST_TYPE_NR",
            "The portal does not know the institution type 9998 “Endnu ikke klassificerede institutioner”. "
            "Add the school by hand.",
        )
    ]
    assert not plan.create


def test_types_that_are_not_schools_and_main_institutions_are_skipped():
    rows = [
        register_row(INST_NR="727000", INST_NAVN="Odder Kommune", INST_TYPE_NR="2013"),
        register_row(INST_NR="727300", INST_NAVN="Rude Strand Højskole", INST_TYPE_NR="1022"),
        register_row(INST_NR="727401", INST_NAVN="Odder Erhvervsskole", INST_TYPE_NR="1071"),
        register_row(
            HOVEDSKOLE_INST="727401",
            INST_NR="727402",
            INST_NAVN="Odder Erhvervsskole, Gl. Vej",
            INST_TYPE_NR="1071",
        ),
        register_row(
            HOVEDSKOLE_INST="727401",
            INST_NR="727403",
            INST_NAVN="Odder Erhvervsskole, Ungdom",
            INST_TYPE_NR="1012",
        ),
    ]
    plan = plan_for(rows)

    assert [(s.row, s.key, s.reason) for s in plan.skipped] == [
        (2, "727000", "“Kommuner pr. 1/1-2007” are not schools the portal follows."),
        (3, "727300", "“Folkehøjskoler” are not schools the portal follows."),
        (4, "727401", "A main institution: its departments are imported instead."),
    ]
    assert [(p.key, p.values["kind"]) for p in plan.create] == [
        ("727402", "eud_eux"),
        ("727403", "10th_grade"),
    ]


@pytest.mark.parametrize(
    ("latitude", "longitude", "errors"),
    [
        ("abc", "10,1", [("GEO_BREDDE_GRAD", "“abc” is not a number of degrees, such as 56,1572.")]),
        ("61,2", "10,1", [("GEO_BREDDE_GRAD", "61,2 is not a latitude in Denmark (between 54.4 and 57.9).")]),
        ("56,1", "-3", [("GEO_LAENGDE_GRAD", "-3 is not a longitude in Denmark (between 7.8 and 15.3).")]),
        ("10,14965216", "55,97362981", [("GEO_BREDDE_GRAD", "The latitude and the longitude are swapped.")]),
        ("55,97", "", [("GEO_BREDDE_GRAD", "Give both coordinates or neither.")]),
        (
            "NaN",
            "Infinity",
            [
                ("GEO_BREDDE_GRAD", "“NaN” is not a number of degrees, such as 56,1572."),
                ("GEO_LAENGDE_GRAD", "“Infinity” is not a number of degrees, such as 56,1572."),
            ],
        ),
    ],
)
def test_bad_coordinates_are_errors_of_their_column(latitude, longitude, errors):
    plan = plan_for([register_row(GEO_BREDDE_GRAD=latitude, GEO_LAENGDE_GRAD=longitude)])

    assert [(error.row, error.column, error.message) for error in plan.errors] == [(2, *e) for e in errors]
    assert not plan.create


def test_a_decimal_comma_or_point_gives_the_same_coordinates():
    comma = plan_for([register_row(GEO_BREDDE_GRAD="55,97362981", GEO_LAENGDE_GRAD="10,14965216")])
    point = plan_for([register_row(GEO_BREDDE_GRAD="55.97362981", GEO_LAENGDE_GRAD="10.14965216")])

    assert comma.create[0].values == point.create[0].values


def test_three_digit_municipality_codes_are_padded_and_the_administrative_one_fills_in():
    rows = [
        register_row(INST_NR="727001", BEL_KOMMUNE="727"),
        register_row(INST_NR="741001", INST_NAVN="Samsø Skole", BEL_KOMMUNE="", KOMMUNE_NR="741"),
        register_row(INST_NR="727003", INST_NAVN="Tre", BEL_KOMMUNE="72"),
        register_row(INST_NR="727004", INST_NAVN="Fire", BEL_KOMMUNE="", KOMMUNE_NR=""),
    ]
    plan = plan_for(rows, allowed=(ODDER, SAMSOE))

    assert [(p.key, p.values["municipality_code"]) for p in plan.create] == [
        ("727001", ODDER),
        ("741001", SAMSOE),
    ]
    assert [(e.row, e.column) for e in plan.errors] == [(4, "BEL_KOMMUNE"), (5, "KOMMUNE_NR")]
    assert plan.errors[0].message.startswith("“72” is not a municipality the portal knows.")


def test_rows_of_other_municipalities_are_outside_whatever_else_is_wrong_with_them():
    rows = [
        register_row(),
        register_row(INST_NR="751002", INST_NAVN="Bakkegårdsskolen", BEL_KOMMUNE="751", INST_TYPE_NR="9998"),
        register_row(INST_NR="751003", INST_NAVN="Ellevangskolen", BEL_KOMMUNE="751", GEO_BREDDE_GRAD="x"),
    ]
    plan = plan_for(rows)

    assert [p.key for p in plan.create] == ["727001"]
    assert [(p.row, p.key, p.values) for p in plan.outside] == [
        (3, "751002", {"name": "Bakkegårdsskolen", "municipality_code": AARHUS}),
        (4, "751003", {"name": "Ellevangskolen", "municipality_code": AARHUS}),
    ]
    assert not plan.errors


def test_rows_become_creates_updates_and_unchanged():
    existing = {
        "727001": school(pk=1),
        "727002": school(pk=2, institution_number="727002", name="Vestskolen", address="Gammel Vej 1"),
    }
    rows = [
        register_row(),
        register_row(INST_NR="727002", INST_NAVN="Vestskolen  Odder", INST_ADR="Ny Vej 2"),
        register_row(INST_NR="727003", INST_NAVN="Odder Friskole", INST_TYPE_NR="1013"),
    ]
    plan = plan_for(rows, existing=existing)

    assert [(p.key, p.current["pk"]) for p in plan.unchanged] == [("727001", 1)]
    assert [(p.key, p.current["pk"], p.changes) for p in plan.update] == [
        ("727002", 2, {"name": ("Vestskolen", "Vestskolen Odder"), "address": ("Gammel Vej 1", "Ny Vej 2")})
    ]
    assert [(p.key, p.values["kind"]) for p in plan.create] == [("727003", "friskole")]
    assert plan.changes_anything


def test_running_the_same_file_twice_changes_nothing_the_second_time():
    rows = [
        register_row(),
        register_row(
            INST_NR="727002",
            INST_NAVN="Odder Gymnasium",
            INST_TYPE_NR="1061",
            GEO_BREDDE_GRAD="55,9712345678",
        ),
        register_row(
            INST_NR="727003", INST_NAVN="Odder Friskole", INST_TYPE_NR="1013", INST_ADR="", POSTNR="830"
        ),
    ]
    existing = {"727009": school(institution_number="727009", name="Lukket Skole")}
    first = plan_for(rows, existing=existing)
    assert len(first.create) == 3 and len(first.missing) == 1

    second = plan_for(rows, existing=saved(first, existing))

    assert not (second.create or second.update or second.missing or second.errors)
    assert [p.key for p in second.unchanged] == ["727001", "727002", "727003"]
    assert not second.changes_anything


def test_schools_that_left_the_register_are_listed_only_where_the_file_covers_them():
    existing = {
        "727001": school(),
        "727009": school(institution_number="727009", name="Lukket Skole", pk=9),
        "727010": school(institution_number="727010", name="Allerede lukket", active=False),
        "727011": school(institution_number="727011", name="Odder Gymnasium", kind="stx"),
        "751009": school(institution_number="751009", name="Aarhus-skole", municipality_code=AARHUS),
    }
    plan = plan_for([register_row()], existing=existing, allowed=(ODDER, AARHUS))

    assert [(s["institution_number"], s["pk"]) for s in plan.missing] == [("727009", 9)]
    assert plan.changes_anything


def test_a_school_back_in_the_register_is_active_again():
    plan = plan_for([register_row()], existing={"727001": school(active=False)})

    assert [p.changes for p in plan.update] == [{"active": (False, True)}]


def test_an_empty_cell_changes_nothing():
    plan = plan_for(
        [register_row(INST_ADR="", POSTNR="", GEO_BREDDE_GRAD="", GEO_LAENGDE_GRAD="")],
        existing={"727001": school()},
    )

    assert [p.key for p in plan.unchanged] == ["727001"]
    assert set(plan.unchanged[0].values) == {
        "institution_number",
        "name",
        "municipality_code",
        "kind",
        "active",
    }


def test_an_institution_number_given_twice_is_an_error_on_the_second_row():
    plan = plan_for([register_row(), register_row(INST_NAVN="Kopi")])

    assert [p.key for p in plan.create] == ["727001"]
    assert plan.errors == [RowError(3, "INST_NR", "This institution number is also in row 2.")]


def test_a_school_typed_in_without_a_number_is_matched_by_name_and_gets_its_number():
    typed_in = school(pk=5, institution_number="", name="parkvejens  skole", latitude=None, longitude=None)
    plan = plan_for([register_row()], unnumbered=[typed_in])

    assert [(p.current["pk"], p.changes) for p in plan.update] == [
        (
            5,
            {
                "institution_number": ("", "727001"),
                "name": ("parkvejens  skole", "Parkvejens Skole"),
                "latitude": (None, Decimal("55.973630")),
                "longitude": (None, Decimal("10.149652")),
            },
        )
    ]
    assert not plan.create


def test_a_name_another_school_of_the_municipality_has_is_an_error():
    existing = {"727050": school(institution_number="727050")}
    plan = plan_for(
        [register_row(), register_row(INST_NR="727002", INST_NAVN="Parkvejens  SKOLE")], existing=existing
    )

    assert plan.errors == [
        RowError(2, "INST_NAVN", "Another school in the municipality already has this name."),
        RowError(3, "INST_NAVN", "Another school in the municipality already has this name."),
    ]


def test_a_wrong_institution_number_or_name_is_explained_in_the_users_language():
    rows = [
        register_row(INST_NR="72700"),
        register_row(INST_NR=""),
        register_row(INST_NR="727003", INST_NAVN=" "),
    ]
    assert [(e.row, e.column, e.message) for e in plan_for(rows).errors] == [
        (2, "INST_NR", "An institution number has exactly 6 digits."),
        (3, "INST_NR", "The institution number is missing."),
        (4, "INST_NAVN", "This field is required."),
    ]
    with translation.override("da"):
        assert plan_for(rows[2:]).errors[0].message == "Dette felt er påkrævet."
