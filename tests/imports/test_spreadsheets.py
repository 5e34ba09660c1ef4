import datetime
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from imports.agreement_rows import plan_agreement_import
from imports.files import read_table
from imports.plans import RowError
from imports.spreadsheets import plan_company_import, plan_school_import
from imports.templates import AGREEMENTS, COMPANIES, SCHOOLS, TEMPLATES, template_csv, template_xlsx

from .samples import delimited, workbook

ODDER, SAMSOE, AARHUS = "0727", "0741", "0751"
MUNICIPALITIES = {ODDER: "Odder", SAMSOE: "Samsø", AARHUS: "Aarhus"}
CVR_A, CVR_B, CVR_C = "40000003", "40000011", "40000038"


def table(template, rows, *, xlsx=False, header=None):
    """The spreadsheet a coordinator fills in: the template's header row (or `header`) and `rows`."""
    header = header or [column.header for column in template.columns]
    if xlsx:
        content = workbook([header, *rows], as_text=True)
    else:
        content = ("\ufeff" + delimited(header, rows)).encode("utf-8")
    return read_table(content, columns=template.columns)


def row(template, **cells):
    """A row for the template, its cells given by column key."""
    return [cells.get(column.key, "") for column in template.columns]


def errors_of(plan):
    return [(error.row, error.column, error.message) for error in plan.errors]


# Schools


def existing_schools():
    return [
        {"pk": 1, "institution_number": "727001", "name": "Parkvejens Skole", "municipality_code": ODDER,
         "kind": "folkeskole", "address": "Parkvej 7", "postcode": "8300"},
        {"pk": 2, "institution_number": "", "name": "Vestskolen", "municipality_code": ODDER,
         "kind": "folkeskole", "address": "Gammel Vej 1", "postcode": "8300"},
        {"pk": 3, "institution_number": "741001", "name": "Samsø Skole", "municipality_code": SAMSOE,
         "kind": "folkeskole", "address": "", "postcode": "8305"},
    ]  # fmt: skip


def plan_schools(rows, **options):
    return plan_school_import(
        table(SCHOOLS, rows, **options),
        municipalities=MUNICIPALITIES,
        allowed_municipality_codes=[ODDER],
        existing=existing_schools(),
    )


@pytest.mark.parametrize("xlsx", [False, True], ids=["csv", "xlsx"])
def test_school_rows_become_creates_updates_unchanged_outside_and_errors(xlsx):
    plan = plan_schools(
        [
            row(
                SCHOOLS,
                name="Parkvejens Skole",
                institution_number="727001",
                municipality="Odder",
                postcode="8300",
            ),
            row(
                SCHOOLS,
                name="Vestskolen",
                institution_number="727002",
                municipality="0727",
                address="Ny Vej 2",
            ),
            row(
                SCHOOLS, name="Odder Friskole", municipality="Odder Kommune", kind="Friskole", postcode="8300"
            ),
            row(SCHOOLS, name="Samsø Skole", municipality="Samsø"),
            row(SCHOOLS, name="Onsbjerg Skole", institution_number="741001", municipality="Odder"),
            row(SCHOOLS, name="Atlantis Skole", municipality="Atlantis"),
        ],
        xlsx=xlsx,
    )

    assert [(p.row, p.current["pk"]) for p in plan.unchanged] == [(2, 1)]
    assert [(p.row, p.current["pk"], p.changes) for p in plan.update] == [
        (3, 2, {"institution_number": ("", "727002"), "address": ("Gammel Vej 1", "Ny Vej 2")})
    ]
    assert [(p.row, p.values) for p in plan.create] == [
        (4, {"name": "Odder Friskole", "municipality_code": ODDER, "kind": "friskole", "postcode": "8300"})
    ]
    assert [(p.row, p.current["pk"]) for p in plan.outside] == [(5, 3), (6, 3)]
    assert errors_of(plan) == [
        (
            7,
            "Kommune",
            "“Atlantis” is not a municipality the portal knows. Give its name or its four-digit code.",
        )
    ]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Folkeskole", "folkeskole"),
        ("folkeskole (municipal school)", "folkeskole"),
        ("STX", "stx"),
        ("Gymnasium", "stx"),
        ("STX (gymnasium)", "stx"),
        ("Handelsgymnasium", "hhx"),
        ("10. klasse-center", "10th_grade"),
        ("10th-grade centre", "10th_grade"),
        ("Privatskole", "friskole"),
        ("EUD/EUX erhvervsskole", "eud_eux"),
        ("Produktionsskole", "production"),
    ],
)
def test_a_kind_of_school_is_read_in_danish_or_english(text, kind):
    plan = plan_schools([row(SCHOOLS, name="Ny Skole", municipality="Odder", kind=text)])

    assert plan.create[0].values["kind"] == kind


def test_an_unknown_kind_of_school_lists_the_kinds():
    plan = plan_schools([row(SCHOOLS, name="Ny Skole", municipality="Odder", kind="Universitet")])

    assert errors_of(plan)[0][:2] == (2, "Skoletype")
    assert errors_of(plan)[0][2].startswith("“Universitet” is not one of: Folkeskole (municipal school), ")


def test_school_values_are_checked_as_the_form_checks_them():
    plan = plan_schools(
        [
            row(SCHOOLS, name="", municipality="Odder"),
            row(SCHOOLS, name="A", municipality="Odder", institution_number="12345", postcode="83"),
            row(SCHOOLS, name="B" * 201, municipality="Odder"),
            row(SCHOOLS, name="Parkvejens Skole", municipality="Odder", institution_number="727099"),
        ]
    )

    assert errors_of(plan) == [
        (2, "Skole", "This field is required."),
        (3, "Institutionsnummer", "An institution number has exactly 6 digits."),
        (3, "Postnummer", "Enter exactly 4 digits."),
        (4, "Skole", "Ensure this value has at most 200 characters (it has 201)."),
        (
            5,
            "Institutionsnummer",
            "A school of this name in the municipality has the institution number 727001.",
        ),
    ]


def test_a_school_given_twice_or_renamed_to_another_schools_name_is_an_error():
    plan = plan_schools(
        [
            row(SCHOOLS, name="Ny Skole", municipality="Odder"),
            row(SCHOOLS, name="ny  skole", municipality="Odder"),
            row(SCHOOLS, name="Vestskolen", institution_number="727001", municipality="Odder"),
            row(SCHOOLS, name="Tredje", institution_number="727003", municipality="Odder"),
            row(SCHOOLS, name="Fjerde", institution_number="727003", municipality="Odder"),
        ]
    )

    assert [p.row for p in plan.create] == [2, 5]
    assert errors_of(plan) == [
        (3, "Skole", "This school is also in row 2."),
        (4, "Skole", "Another school in the municipality already has this name."),
        (6, "Institutionsnummer", "This school is also in row 5."),
    ]


def test_an_empty_school_cell_changes_nothing():
    plan = plan_schools([row(SCHOOLS, name="Vestskolen", municipality="Odder")])

    assert [p.current["pk"] for p in plan.unchanged] == [2]


# Companies


def existing_companies():
    return [
        {
            "pk": 21, "cvr": CVR_A, "name": "Odder Maskinfabrik A/S", "kind": "company",
            "municipality_code": ODDER, "address": "Fabriksvej 1", "postcode": "8300",
            "sector": "manufacturing", "employee_band": "50-249", "website": "", "host_status": "approved",
            "hosting_capacity": 2,
            "contacts": [
                {"pk": 31, "name": "Jens Holm", "role": "Værkfører", "email": "jens@example.dk", "phone": ""},
                {"pk": 32, "name": "Mette Lund", "role": "", "email": "", "phone": ""},
            ],
        },
        {
            "pk": 22, "cvr": CVR_C, "name": "Samsø Energi", "kind": "company", "municipality_code": SAMSOE,
            "address": "", "postcode": "", "sector": "", "employee_band": "", "website": "",
            "host_status": "pending", "hosting_capacity": 1, "contacts": [],
        },
    ]  # fmt: skip


def plan_companies(rows, **options):
    return plan_company_import(
        table(COMPANIES, rows, **options),
        municipalities=MUNICIPALITIES,
        allowed_municipality_codes=[ODDER],
        existing=existing_companies(),
    )


@pytest.mark.parametrize("xlsx", [False, True], ids=["csv", "xlsx"])
def test_company_rows_plan_the_companies_and_their_contact_persons(xlsx):
    odder = {"name": "Odder Maskinfabrik A/S", "cvr": CVR_A, "municipality": "Odder"}
    plan = plan_companies(
        [
            row(COMPANIES, **odder, contact_name="Jens Holm", contact_email="JENS@example.dk",
                contact_phone="12345678"),
            row(COMPANIES, **odder, contact_name="Mette Lund"),
            row(COMPANIES, **odder, contact_name="Ole Bak", contact_role="Direktør"),
            row(COMPANIES, name="Hads Bageri", cvr="DK 40 00 00 11", municipality="Odder", kind="Forening",
                sector="Fødevarer og landbrug", employee_band="1–9 ansatte", website="www.hads.example.dk",
                host_status="Godkendt værtsvirksomhed", hosting_capacity="3", contact_name="Lise Hads"),
            row(COMPANIES, name="Samsø Energi", cvr=CVR_C, municipality="Odder"),
            row(COMPANIES, name="Ny Samsø ApS", cvr="40000046", municipality="Samsø"),
        ],
        xlsx=xlsx,
    )  # fmt: skip

    assert [(p.row, p.current["pk"]) for p in plan.unchanged] == [(2, 21)]
    assert [(p.row, p.key, p.values) for p in plan.create] == [
        (
            5,
            CVR_B,
            {
                "cvr": CVR_B, "name": "Hads Bageri", "municipality_code": ODDER, "kind": "association",
                "sector": "food", "employee_band": "1-9", "host_status": "approved",
                "website": "https://www.hads.example.dk", "hosting_capacity": 3,
            },
        )
    ]  # fmt: skip
    assert [(p.row, p.key) for p in plan.outside] == [(6, CVR_C), (7, "40000046")]
    contacts = plan.contacts
    assert [(p.row, p.current["pk"], p.changes) for p in contacts.update] == [
        (2, 31, {"email": ("jens@example.dk", "JENS@example.dk"), "phone": ("", "+45 12 34 56 78")})
    ]
    assert [(p.row, p.current["pk"]) for p in contacts.unchanged] == [(3, 32)]
    assert [(p.row, p.key, p.values) for p in contacts.create] == [
        (4, (CVR_A, "ole bak"), {"name": "Ole Bak", "role": "Direktør"}),
        (5, (CVR_B, "lise hads"), {"name": "Lise Hads"}),
    ]
    assert not plan.errors


def test_company_values_are_checked_as_the_form_checks_them():
    plan = plan_companies(
        [
            row(COMPANIES, name="A", cvr="12345678", municipality="Odder"),
            row(COMPANIES, name="B", cvr="40000054", municipality="Odder", hosting_capacity="51",
                postcode="83"),
            row(COMPANIES, name="C", cvr="40000062", municipality="Odder", website="ikke en adresse",
                sector="Rumfart"),
            row(COMPANIES, name="D", cvr="40000070", municipality="Odder", contact_email="mette@",
                contact_phone="12"),
            row(COMPANIES, name="", cvr="", municipality="", address="Vej 1"),
        ]
    )  # fmt: skip

    assert errors_of(plan)[:4] == [
        (2, "CVR-nummer",
         "12345678 is not a valid CVR number: the check digit does not match. Please check for typos."),
        (3, "Postnummer", "Enter exactly 4 digits."),
        (3, "Kapacitet", "Ensure this value is less than or equal to 50."),
        (4, "Branche", errors_of(plan)[3][2]),
    ]  # fmt: skip
    assert errors_of(plan)[3][2].startswith("“Rumfart” is not one of: Manufacturing and production, ")
    assert errors_of(plan)[4:] == [
        (4, "Hjemmeside", "Enter a valid URL."),
        (5, "E-mail", "Enter a valid email address."),
        (5, "Telefon", "Enter a Danish phone number of 8 digits, with or without +45, e.g. +45 12 34 56 78."),
        (5, "Kontaktperson", "A contact person needs a name."),
        (6, "Virksomhed", "This field is required."),
        (6, "Kommune", "“” is not a municipality the portal knows. Give its name or its four-digit code."),
        (
            6,
            "CVR-nummer",
            "A company needs its CVR number. For an association or organisation without one, "
            "write so in the column “Type”.",
        ),
    ]


def test_a_companys_later_rows_must_give_the_same_details_and_other_contact_persons():
    odder = {"name": "Odder Maskinfabrik A/S", "cvr": CVR_A, "municipality": "Odder"}
    plan = plan_companies(
        [
            row(COMPANIES, **odder, contact_name="Ole Bak"),
            row(COMPANIES, **odder, postcode="8300", sector="it", contact_name="Eva Dam"),
            row(COMPANIES, **odder, contact_name="ole bak"),
        ]
    )

    assert errors_of(plan) == [
        (3, "Branche", "Row 2 gives this company other details: give them the same in every row."),
        (3, "Postnummer", "Row 2 gives this company other details: give them the same in every row."),
        (4, "Kontaktperson", "This contact person is also in row 2."),
    ]


CLUB = {"name": "Odder Cykelklub", "kind": "Association", "municipality": "Odder"}


def club(pk=25, **values):
    """A registered association without a CVR number, as the lead passes it in."""
    return {
        "pk": pk, "cvr": "", "name": "Odder  CYKELKLUB", "kind": "association", "municipality_code": ODDER,
        "address": "Skovvej 3", "postcode": "8300", "sector": "", "employee_band": "", "website": "",
        "host_status": "approved", "hosting_capacity": 1,
        "contacts": [{"pk": 35, "name": "Eva Dam", "role": "", "email": "eva@example.dk", "phone": ""}],
        **values,
    }  # fmt: skip


def plan_with(existing, rows, *, header=None):
    return plan_company_import(
        table(COMPANIES, rows, header=header),
        municipalities=MUNICIPALITIES,
        allowed_municipality_codes=[ODDER],
        existing=existing,
    )


def test_an_association_without_a_cvr_number_is_created_and_keyed_by_its_name():
    plan = plan_with(
        existing_companies(),
        [
            row(COMPANIES, **CLUB, contact_name="Eva Dam"),
            row(COMPANIES, **CLUB, contact_name="Ole Bak"),
            row(COMPANIES, **{**CLUB, "kind": "organisation", "name": "Hads Borgerforening"}),
        ],
    )

    key = ("name", ODDER, "odder cykelklub")
    assert [(p.row, p.key, p.values) for p in plan.create] == [
        (2, key, {"name": "Odder Cykelklub", "municipality_code": ODDER, "kind": "association"}),
        (4, ("name", ODDER, "hads borgerforening"),
         {"name": "Hads Borgerforening", "municipality_code": ODDER, "kind": "organisation"}),
    ]  # fmt: skip
    assert [(p.row, p.key) for p in plan.contacts.create] == [(2, (key, "eva dam")), (3, (key, "ole bak"))]
    assert not plan.errors and not plan.warnings


def test_an_association_is_matched_by_its_name_in_the_municipality_whatever_the_case():
    plan = plan_with(
        [club(), club(pk=26, municipality_code=SAMSOE, name="Odder Cykelklub")],
        [
            row(COMPANIES, name=" odder cykelklub ", municipality="Odder", hosting_capacity="4",
                contact_name="Eva Dam", contact_email="EVA@example.dk"),
        ],
    )  # fmt: skip

    [planned] = plan.update
    assert planned.current["pk"] == 25  # the kind is the portal's: an empty cell changes nothing
    assert planned.changes == {"name": ("Odder  CYKELKLUB", "odder cykelklub"), "hosting_capacity": (1, 4)}
    assert [p.current["pk"] for p in plan.contacts.update] == [35]
    assert not plan.errors


def test_a_company_without_a_cvr_number_is_an_error_of_its_row_and_column():
    plan = plan_with(
        [club()],
        [
            row(COMPANIES, name="Ny Virksomhed ApS", municipality="Odder"),
            row(COMPANIES, name="Ny Virksomhed ApS", municipality="Odder", kind="Company"),
            row(COMPANIES, name="Odder Cykelklub", municipality="Odder", kind="Company"),
        ],
    )

    message = (
        "A company needs its CVR number. For an association or organisation without one, "
        "write so in the column “Type”."
    )
    assert errors_of(plan) == [
        (2, "CVR-nummer", message),
        (3, "CVR-nummer", message),
        (4, "CVR-nummer", message),
    ]
    assert not plan.create and not plan.update


def test_a_cvr_number_given_for_an_association_is_still_checked():
    plan = plan_with([], [row(COMPANIES, **CLUB, cvr="12345678"), row(COMPANIES, **CLUB, cvr="40000003")])

    assert errors_of(plan) == [
        (2, "CVR-nummer",
         "12345678 is not a valid CVR number: the check digit does not match. Please check for typos."),
    ]  # fmt: skip
    assert [(p.row, p.key) for p in plan.create] == [(3, CVR_A)]


def test_a_file_without_the_cvr_column_imports_associations():
    header = ["Virksomhed", "Kommune", "Type"]
    plan = plan_with([club()], [["Odder Cykelklub", "Odder", "association"]], header=header)

    assert [(p.current["pk"], p.changes) for p in plan.update] == [
        (25, {"name": ("Odder  CYKELKLUB", "Odder Cykelklub")})
    ]
    assert not plan.errors


def test_two_registered_associations_of_one_name_need_the_cvr_number():
    plan = plan_with([club(), club(pk=26)], [row(COMPANIES, **CLUB)])

    assert errors_of(plan) == [
        (
            2,
            "Virksomhed",
            "Several companies in the municipality are called “Odder Cykelklub”: give the CVR number.",
        )
    ]


def test_new_companies_named_or_addressed_as_registered_ones_are_warnings():
    plan = plan_with(
        [*existing_companies(), club(municipality_code=SAMSOE)],
        [
            row(COMPANIES, **CLUB),
            row(COMPANIES, name="Ny Fabrik ApS", cvr="40000046", municipality="Odder",
                address="fabriksvej  1", postcode="8300"),
            row(COMPANIES, name="Tredje ApS", cvr="40000054", municipality="Odder",
                address="Fabriksvej 1", postcode="8000"),
            row(COMPANIES, name="Odder Maskinfabrik A/S", cvr=CVR_A, municipality="Odder"),
        ],
    )  # fmt: skip

    assert [(p.row, p.key) for p in plan.create] == [
        (2, ("name", ODDER, "odder cykelklub")), (3, "40000046"), (4, "40000054")
    ]  # fmt: skip
    assert [(w.row, w.column, w.message) for w in plan.warnings] == [
        (2, "Virksomhed", "Odder  CYKELKLUB in Samsø has the same name."),
        (3, "Adresse", "Odder Maskinfabrik A/S in Odder has the same address."),
    ]
    assert not plan.errors


# Agreements


def parties():
    schools = [
        {
            "pk": 1,
            "name": "Parkvejens Skole",
            "institution_number": "727001",
            "municipality_code": ODDER,
            "contacts": [{"pk": 11, "name": "Anne Berg", "email": "anne@example.dk"}],
        },
        {
            "pk": 2,
            "name": "Samsø Skole",
            "institution_number": "741001",
            "municipality_code": SAMSOE,
            "contacts": [],
        },
        {
            "pk": 3,
            "name": "Byskolen",
            "institution_number": "727005",
            "municipality_code": ODDER,
            "contacts": [],
        },
        {
            "pk": 4,
            "name": "Byskolen",
            "institution_number": "751005",
            "municipality_code": AARHUS,
            "contacts": [],
        },
        {
            "pk": 5,
            "name": "Toppen",
            "institution_number": "727006",
            "municipality_code": ODDER,
            "contacts": [],
        },
        {
            "pk": 6,
            "name": "Toppen",
            "institution_number": "727007",
            "municipality_code": ODDER,
            "contacts": [],
        },
    ]
    companies = [
        {
            "pk": 21,
            "cvr": CVR_A,
            "name": "Odder Maskinfabrik A/S",
            "host_status": "approved",
            "contacts": [{"pk": 31, "name": "Jens Holm", "email": "jens@example.dk"}],
        },
        {"pk": 22, "cvr": CVR_B, "name": "Ny Virksomhed ApS", "host_status": "pending", "contacts": []},
        {"pk": 23, "cvr": CVR_C, "name": "Ny Virksomhed ApS", "host_status": "approved", "contacts": []},
    ]
    programmes = [
        {"pk": 41, "name": "HOP-IN – Hands On Production – Innovation and New Ideas", "slug": "hop-in"},
        {"pk": 42, "name": "Jet-Net", "slug": "jet-net"},
    ]
    return schools, companies, programmes  # fmt: skip


def agreement(pk, start_date, title, **values):
    """An existing agreement of Parkvejens Skole and Odder Maskinfabrik, as the lead passes it in."""
    return {
        "pk": pk,
        "school": 1,
        "company": 21,
        "start_date": start_date,
        "title": title,
        "programme": None,
        "status": "active",
        "activities": "",
        "signed_on": None,
        "end_date": None,
        "contact_persons": frozenset(),
        **values,
    }


def existing_agreements():
    return [
        agreement(51, datetime.date(2024, 8, 12), "Praktik i 8. klasse", contact_persons=frozenset({11})),
        agreement(52, datetime.date(2023, 8, 14), "Gammel", status="ended"),
        agreement(53, datetime.date(2023, 8, 14), "Dublet", status="ended"),
        agreement(54, datetime.date(2022, 8, 15), "Praktik 2022", programme=42),
    ]


def plan_agreements(rows, **options):
    schools, companies, programmes = parties()
    return plan_agreement_import(
        table(AGREEMENTS, rows, **options),
        allowed_municipality_codes=[ODDER],
        schools=schools,
        companies=companies,
        programmes=programmes,
        existing=existing_agreements(),
    )


PARK = {"school": "Parkvejens Skole", "company": "Odder Maskinfabrik A/S"}


@pytest.mark.parametrize("xlsx", [False, True], ids=["csv", "xlsx"])
def test_agreement_rows_become_creates_updates_unchanged_and_outside(xlsx):
    plan = plan_agreements(
        [
            row(AGREEMENTS, **PARK, title="Praktik i 8. klasse", start_date="12.08.2024", status="Aktiv",
                contact_persons="Anne Berg"),
            row(AGREEMENTS, **PARK, cvr=CVR_A, title="Praktik 2022", start_date="2022-08-15",
                status="Ended", end_date="30-06-2023", programme="Jet-Net"),
            row(AGREEMENTS, **PARK, title="HOP-IN 2025", start_date="11.8.2025", programme="hop-in",
                contact_persons="anne@example.dk; Jens Holm", activities="Uge 33:\nproduktion",
                signed_on="1/7/2025"),
            row(AGREEMENTS, school="Samsø Skole", company="Odder Maskinfabrik A/S", title="Energi",
                start_date="x"),
        ],
        xlsx=xlsx,
    )  # fmt: skip

    assert [(p.row, p.current["pk"]) for p in plan.unchanged] == [(2, 51)]
    assert [(p.row, p.current["pk"], p.changes) for p in plan.update] == [
        (3, 54, {"status": ("active", "ended"), "end_date": (None, datetime.date(2023, 6, 30))})
    ]
    assert [(p.row, p.key, p.values) for p in plan.create] == [
        (
            4,
            (1, 21, datetime.date(2025, 8, 11)),
            {
                "school": 1, "company": 21, "title": "HOP-IN 2025", "start_date": datetime.date(2025, 8, 11),
                "signed_on": datetime.date(2025, 7, 1), "activities": "Uge 33:\nproduktion", "programme": 41,
                "contact_persons": frozenset({11, 31}),
            },
        )
    ]  # fmt: skip
    assert [(p.row, p.values) for p in plan.outside] == [(5, {"school": 2})]
    assert not plan.errors


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("15.08.2024", datetime.date(2024, 8, 15)),
        ("5.8.2024", datetime.date(2024, 8, 5)),
        ("15-08-2024", datetime.date(2024, 8, 15)),
        ("15/08/2024", datetime.date(2024, 8, 15)),
        ("2024-08-15", datetime.date(2024, 8, 15)),
        ("2024-08-15 00:00:00", datetime.date(2024, 8, 15)),
        ("45513", datetime.date(2024, 8, 9)),
    ],
)
def test_dates_are_read_as_danes_and_excel_write_them(text, date):
    plan = plan_agreements([row(AGREEMENTS, **PARK, title="Ny", start_date=text)])

    assert plan.create[0].values["start_date"] == date


def test_excel_date_cells_are_read():
    rows = [row(AGREEMENTS, **PARK, title="Ny", start_date=datetime.datetime(2025, 8, 11), end_date=45880)]
    header = [column.header for column in AGREEMENTS.columns]
    plan = plan_agreement_import(
        read_table(workbook([header, *rows]), columns=AGREEMENTS.columns),
        allowed_municipality_codes=[ODDER],
        schools=parties()[0],
        companies=parties()[1],
        programmes=parties()[2],
        existing=[],
    )

    assert plan.create[0].values["start_date"] == datetime.date(2025, 8, 11)
    assert plan.create[0].values["end_date"] == datetime.date(2025, 8, 11)


def test_agreement_values_are_checked_as_the_form_checks_them():
    plan = plan_agreements(
        [
            row(AGREEMENTS, **PARK, title="", start_date=""),
            row(AGREEMENTS, **PARK, title="A", start_date="31.02.2025", signed_on="2025"),
            row(
                AGREEMENTS, **PARK, title="B", start_date="01.08.2025", end_date="31.07.2025", status="Færdig"
            ),
            row(AGREEMENTS, **PARK, title="C", start_date="01.08.2025", programme="Fremtidens skole"),
            row(AGREEMENTS, **PARK, title="D", start_date="01.08.2025", contact_persons="Lise Hads"),
        ]
    )

    messages = errors_of(plan)
    assert messages[:6] == [
        (2, "Titel", "This field is required."),
        (2, "Startdato", "This field is required."),
        (3, "Startdato", "“31.02.2025” is not a date. Write it as dd.mm.yyyy or yyyy-mm-dd."),
        (3, "Underskrevet", "“2025” is not a date. Write it as dd.mm.yyyy or yyyy-mm-dd."),
        (4, "Status", "“Færdig” is not one of: Draft, Active, Ended, Cancelled."),
        (4, "Slutdato", "The end date cannot be before the start date."),
    ]
    assert messages[6:] == [
        (
            5,
            "Program",
            "“Fremtidens skole” is not one of the programmes: "
            "HOP-IN – Hands On Production – Innovation and New Ideas, Jet-Net.",
        ),
        (6, "Kontaktperson", "Lise Hads works at neither the chosen school nor the chosen company."),
    ]


def test_a_company_without_a_cvr_number_is_named_by_its_name_in_the_schools_municipality():
    schools, companies, programmes = parties()
    companies += [
        {
            "pk": pk,
            "cvr": "",
            "name": name,
            "municipality_code": code,
            "host_status": "approved",
            "contacts": [],
        }
        for pk, name, code in [
            (25, "Odder Cykelklub", ODDER),
            (26, "odder cykelklub", SAMSOE),
            (27, "Spejderne", SAMSOE),
            (28, "Spejderne", AARHUS),
        ]
    ]
    plan = plan_agreement_import(
        table(
            AGREEMENTS,
            [
                row(AGREEMENTS, school="Parkvejens Skole", company="ODDER  Cykelklub", title="Cykler",
                    start_date="1.8.2025"),
                row(AGREEMENTS, school="Parkvejens Skole", company="Spejderne", title="Lejr",
                    start_date="1.8.2025"),
            ],
        ),
        allowed_municipality_codes=[ODDER],
        schools=schools,
        companies=companies,
        programmes=programmes,
        existing=[],
    )  # fmt: skip

    assert [(p.row, p.values["company"]) for p in plan.create] == [(2, 25)]
    assert errors_of(plan) == [
        (3, "Virksomhed",
         "Several companies are called “Spejderne”, and not all have a CVR number: give them different names "
         "in the portal."),
    ]  # fmt: skip


@pytest.mark.parametrize("status", ["Aktiv", "active", "ACTIVE ", "Active"])
def test_a_status_is_read_in_danish_or_english(status):
    plan = plan_agreements([row(AGREEMENTS, **PARK, title="Ny", start_date="01.08.2025", status=status)])

    assert plan.create[0].values["status"] == "active"


def test_schools_and_companies_are_found_or_the_row_says_why_not():
    plan = plan_agreements(
        [
            row(AGREEMENTS, school="Byskolen", company="Odder Maskinfabrik A/S", title="Egen",
                start_date="1.8.2025"),
            row(AGREEMENTS, school="Toppen", company="Odder Maskinfabrik A/S", title="To",
                start_date="1.8.2025"),
            row(AGREEMENTS, school="Toppen", institution_number="727007", company="Ny Virksomhed ApS",
                cvr=CVR_C, title="Tre", start_date="1.8.2025"),
            row(AGREEMENTS, school="Ingen Skole", company="Ny Virksomhed ApS", title="Fire",
                start_date="1.8.2025"),
            row(AGREEMENTS, school="Toppen", institution_number="727099", company="X", cvr="40000046",
                title="Fem", start_date="1.8.2025"),
            row(AGREEMENTS, school="Parkvejens Skole", company="Ny Virksomhed ApS", cvr=CVR_B, title="Seks",
                start_date="1.8.2025"),
            row(AGREEMENTS, school="Parkvejens Skole", company="Ingen ApS", title="Syv",
                start_date="1.8.2025"),
        ]
    )  # fmt: skip

    assert [(p.row, p.values["school"], p.values["company"]) for p in plan.create] == [(2, 3, 21), (4, 6, 23)]
    assert errors_of(plan) == [
        (3, "Skole", "Several schools are called “Toppen”: give the institution number."),
        (5, "Skole", "There is no school “Ingen Skole” in the portal. Import the schools first."),
        (5, "Virksomhed", "Several companies are called “Ny Virksomhed ApS”: give the CVR number."),
        (6, "Institutionsnummer", "No school in the portal has the institution number 727099."),
        (
            6,
            "CVR-nummer",
            "No company in the portal has the CVR number 40000046. Import the companies first.",
        ),
        (7, "Virksomhed", "Ny Virksomhed ApS is not an approved host yet. Approve it first."),
        (8, "Virksomhed", "There is no company “Ingen ApS” in the portal. Import the companies first."),
    ]


def test_an_agreement_given_twice_or_matching_two_is_an_error():
    plan = plan_agreements(
        [
            row(AGREEMENTS, **PARK, title="Ny", start_date="01.08.2025"),
            row(AGREEMENTS, **PARK, title="Ny igen", start_date="2025-08-01"),
            row(AGREEMENTS, **PARK, title="Gammel", start_date="14.08.2023"),
        ]
    )

    assert [p.row for p in plan.create] == [2]
    assert errors_of(plan) == [
        (3, "Startdato", "This agreement is also in row 2."),
        (
            4,
            "Startdato",
            "Several agreements of this school and company start on this date: change them in the portal.",
        ),
    ]


# Templates


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_the_csv_template_is_what_danish_excel_opens_and_the_import_reads(name):
    template = TEMPLATES[name]
    content = template_csv(template)

    assert content.startswith(b"\xef\xbb\xbf")
    assert content.decode("utf-8-sig") == ";".join(column.header for column in template.columns) + "\r\n"
    filled = content + ";".join("x" for _column in template.columns).encode() + b"\r\n"
    assert set(read_table(filled, columns=template.columns).headers) == {
        column.key for column in template.columns
    }


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_the_xlsx_template_has_the_header_row_and_a_guide_to_every_column(name):
    template = TEMPLATES[name]
    content = template_xlsx(template, programmes=["HOP-IN", "Jet-Net"])
    book = load_workbook(io.BytesIO(content))
    data, guide = book.worksheets

    assert [cell.value for cell in data[1]] == [column.header for column in template.columns]
    assert data.max_row == 1
    assert [cell.value for cell in guide[1]] == ["Column", "Required", "What to write"]
    assert [row[0] for row in guide.iter_rows(min_row=2, values_only=True)] == [
        c.header for c in template.columns
    ]
    required = {row[0]: row[1] for row in guide.iter_rows(min_row=2, values_only=True)}
    assert {header for header, answer in required.items() if answer == "yes"} == {
        column.header for column in template.columns if column.required
    }
    filled = workbook([[c.header for c in template.columns], ["x"] * len(template.columns)])
    assert set(read_table(filled, columns=template.columns).headers) == {c.key for c in template.columns}


def test_the_xlsx_guide_lists_the_allowed_values_in_the_users_language():
    with translation.override("da"):
        book = load_workbook(io.BytesIO(template_xlsx(AGREEMENTS, programmes=["HOP-IN", "Jet-Net"])))
    guide = {row[0]: row[2] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}

    assert "Kladde, Aktiv, Afsluttet, Annulleret" in guide["Status"]
    assert "HOP-IN, Jet-Net" in guide["Program"]


def test_the_company_guide_says_who_may_leave_the_cvr_number_out():
    book = load_workbook(io.BytesIO(template_xlsx(COMPANIES)))
    guide = {row[0]: row[1:] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}

    required, text = guide["CVR-nummer"]
    assert required == "no"
    assert text.startswith("8 digits, e.g. 12345674.")
    assert "an association or organisation without one" in text
    assert "without a CVR number" in guide["Type"][1]


def test_a_template_header_row_in_english_is_read_too():
    plan = plan_schools(
        [["Parkvejens Skole", "Odder"]],
        header=["School", "Municipality"],
    )

    assert [p.current["pk"] for p in plan.unchanged] == [1]


def test_plan_rows_keep_errors_in_order():
    plan = plan_schools([row(SCHOOLS, name="", municipality="Atlantis")])

    assert plan.errors == [
        RowError(
            2,
            "Kommune",
            "“Atlantis” is not a municipality the portal knows. Give its name or its four-digit code.",
        ),
        RowError(2, "Skole", "This field is required."),
    ]
    assert plan.error_rows == [2]
