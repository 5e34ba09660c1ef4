"""Timings of reading and planning imports (not in the test run): `.venv/bin/python bench/bench_imports.py`.

The institution register as the Ministry exports it (28 columns, `;`, UTF-16-LE with a byte order mark)
and a coordinators' agreements spreadsheet (CSV and xlsx), at 5,000 rows and at the 50,000-row limit;
then a file one row over the limit, which must be refused. Peak memory is measured in a second run.
"""

import datetime
import io
import os
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brasite.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from openpyxl import Workbook  # noqa: E402
from stdnum.dk import cvr  # noqa: E402

from imports.agreement_rows import plan_agreement_import  # noqa: E402
from imports.files import ImportFileError, read_table  # noqa: E402
from imports.institutions import plan_institution_import, read_register  # noqa: E402
from imports.templates import AGREEMENTS  # noqa: E402

BRAA = ["0751", "0710", "0766", "0615", "0707", "0727", "0730", "0741", "0740", "0746", "0706", "0791"]
OTHERS = ["0101", "0147", "0151", "0153", "0155", "0157", "0159", "0161", "0163", "0165", "0851", "0461"]
TYPES = [("1012", "Folkeskoler")] * 6 + [
    ("1013", "Friskoler og private grundskoler"),
    ("1011", "Efterskoler"),
    ("1061", "Gymnasier og HF-kurser"),
    ("1071", "Erhvervsskoler m.v."),
    ("1015", "Specialskoler for børn"),
    ("2021", "Centre for Pædagogisk og psykologisk rådgivning"),
]
REGISTER_HEADER = (
    "HOVEDSKOLE_INST;INST_NR;INST_NAVN;ENHEDSART;INST_ADR;POSTNR;POSTDISTRIKT;TLF_NR;E_MAIL;WEB_ADR;"
    "INST_TYPE_NR;INST_TYPE_NAVN;INST_TYPE_GRUPPE;UNDERV_NIV;INST_LEDER;CVR_NR;KOMMUNE_NR;ADM_KOMMUNE_NAVN;"
    "BEL_KOMMUNE;BEL_KOMMUNE_NAVN;BEL_REGION;REGION_NAVN;EJER_KODE;EJERKODE_NAVN;P_NR;VEJKODE;"
    "GEO_BREDDE_GRAD;GEO_LAENGDE_GRAD"
)


def register(rows: int, rng: random.Random) -> tuple[bytes, dict]:
    """An export of `rows` institutions, and half the schools an earlier import saved (some renamed since)."""
    lines = [REGISTER_HEADER]
    for n in range(rows):
        number, code = f"{100000 + n}", rng.choice(BRAA + OTHERS)
        type_number, type_name = rng.choice(TYPES)
        lat, lon = f"{rng.uniform(54.6, 57.7):.8f}".replace(".", ","), f"{rng.uniform(8.1, 15.1):.8f}"
        lines.append(
            f";{number};Skolen ved Åen {n};Institution uden enheder;Skolevej {n % 200 + 1};8300;Odder;"
            f"8780 3333;skole{n}@example.dk;www.skole{n}.dk;{type_number};{type_name};;9;;29189714;"
            f"{code[1:]};Kommune;{code[1:]};Kommune;1082;Region Midtjylland;2;Kommunale;;1234;{lat};{lon}"
        )
    content = ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-16-le")
    first = plan_institution_import(read_register(content), existing={}, allowed_municipality_codes=BRAA)
    existing = {}
    for index, planned in enumerate(first.create):
        if index % 2:
            renamed = {"name": planned.values["name"] + " (gammelt navn)"} if index % 10 == 1 else {}
            existing[planned.key] = {**planned.values, "pk": index, **renamed}
    return content, existing


def agreements(rows: int, rng: random.Random) -> tuple[list[list], dict]:
    """An agreements spreadsheet of `rows` rows and the portal's schools, companies and programmes."""
    schools = [
        {
            "pk": n,
            "name": f"Skole {n}",
            "institution_number": f"{700000 + n}",
            "municipality_code": rng.choice(BRAA),
            "contacts": [{"pk": 10_000 + n, "name": f"Lærer {n}", "email": f"laerer{n}@example.dk"}],
        }
        for n in range(2000)
    ]
    numbers = [
        number for number in (f"{n:08d}" for n in range(30_000_000, 30_100_000)) if cvr.is_valid(number)
    ]
    companies = [
        {"pk": n, "cvr": numbers[n], "name": f"Virksomhed {n} ApS", "host_status": "approved", "contacts": []}
        for n in range(3000)
    ]
    header = [column.header for column in AGREEMENTS.columns]
    table = [header]
    for n in range(rows):
        school, company = rng.choice(schools), rng.choice(companies)
        start = datetime.date(2020, 8, 1) + datetime.timedelta(days=n % 1500)
        table.append(
            [school["name"], school["institution_number"], company["name"], company["cvr"], "",
             f"Samarbejde {n}", start.strftime("%d.%m.%Y"), "", "Aktiv", "Praktik og besøg",
             school["contacts"][0]["name"], ""]
        )  # fmt: skip
    context = {
        "allowed_municipality_codes": BRAA,
        "schools": schools,
        "companies": companies,
        "programmes": [{"pk": 1, "name": "Jet-Net", "slug": "jet-net"}],
        "existing": [],
    }
    return table, context


def as_csv(rows: list[list]) -> bytes:
    return ("\ufeff" + "\r\n".join(";".join(row) for row in rows) + "\r\n").encode("utf-8")


def as_xlsx(rows: list[list]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def timed(label: str, runs: int, work) -> None:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{label:58} median {statistics.median(times):6.2f} s   peak {peak / 2**20:6.0f} MB   {result}")


def main() -> None:
    rng = random.Random(2026)
    for rows in (5_000, 50_000):
        content, existing = register(rows, rng)

        def register_import(content=content, existing=existing):
            plan = plan_institution_import(
                read_register(content), existing=existing, allowed_municipality_codes=BRAA
            )
            return (
                f"{len(plan.create)} new, {len(plan.update)} changed, {len(plan.unchanged)} same, "
                f"{len(plan.outside)} outside, {len(plan.skipped)} skipped"
            )

        print(f"register export: {rows:,} rows, {len(content) / 2**20:.1f} MB UTF-16")
        timed(f"  read + plan {rows:,} register rows", 3 if rows < 50_000 else 1, register_import)

    for rows in (5_000, 50_000):
        table, context = agreements(rows, rng)
        for name, content in (("CSV", as_csv(table)), ("xlsx", as_xlsx(table))):

            def agreement_import(content=content, context=context):
                plan = plan_agreement_import(read_table(content, columns=AGREEMENTS.columns), **context)
                return f"{len(plan.create)} new, {len(plan.errors)} errors"

            print(f"agreements {name}: {rows:,} rows, {len(content) / 2**20:.1f} MB")
            timed(
                f"  read + plan {rows:,} agreement rows ({name})", 3 if rows < 50_000 else 1, agreement_import
            )

    table, _context = agreements(50_001, rng)
    for name, content in (("CSV", as_csv(table)), ("xlsx", as_xlsx(table))):
        start = time.perf_counter()
        try:
            read_table(content, columns=AGREEMENTS.columns)
        except ImportFileError as error:
            print(f"50,001 rows ({name}) refused after {time.perf_counter() - start:.2f} s: {error.message}")


if __name__ == "__main__":
    main()
