"""Preview and commit of 5,000-row spreadsheets against the database (not in the test run).

`DATABASE_URL=postgres://... .venv/bin/python bench/bench_import_commit.py`: schools, then companies with a
contact person each, then agreements between them, each planned (the preview) and committed (one
transaction, every record saved through its model with its history row); then the same files again,
which must change nothing. Everything it creates is deleted at the end.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brasite.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from stdnum.dk import cvr  # noqa: E402

from imports.services import apply_plan, plan_file  # noqa: E402
from partnerships.models import Company, CooperationAgreement, Municipality, School  # noqa: E402
from partnerships.reference import load_reference_data  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "5000"))


def csv(header: list[str], rows: list[list[str]]) -> bytes:
    lines = [";".join(header)] + [";".join(row) for row in rows]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def cvr_number(n: int) -> str:
    base = f"{30000000 + n * 10:08d}"[:7]
    for last in range(10):
        if cvr.is_valid(base + str(last)):
            return base + str(last)
    return cvr_number(n + 100000)


def timed(label: str, kind: str, content: bytes) -> None:
    start = time.perf_counter()
    plan = plan_file(kind, content, user=None)
    planned = time.perf_counter()
    outcome = apply_plan(kind, plan, user=None, reason="bench")
    done = time.perf_counter()
    print(
        f"{label:28} preview {planned - start:6.2f} s  commit {done - planned:6.2f} s  "
        f"errors={len(plan.errors)} {outcome.as_dict()}"
    )


def main() -> None:
    load_reference_data()
    codes = list(Municipality.objects.served().values_list("name", flat=True))
    schools = csv(
        ["Skole", "Institutionsnummer", "Kommune", "Skoletype", "Adresse", "Postnummer"],
        [[f"Bench Skole {n}", f"{900000 + n}", codes[n % len(codes)], "Folkeskole", f"Vej {n}", "8000"]
         for n in range(ROWS)],
    )  # fmt: skip
    numbers = [cvr_number(n) for n in range(ROWS)]
    companies = csv(
        ["Virksomhed", "CVR-nummer", "Kommune", "Værtsstatus", "Kontaktperson", "E-mail"],
        [[f"Bench Virksomhed {n}", numbers[n], codes[n % len(codes)], "Godkendt værtsvirksomhed",
          f"Person {n}",
          f"p{n}@example.com"] for n in range(ROWS)],
    )  # fmt: skip
    agreements = csv(
        ["Skole", "Institutionsnummer", "Virksomhed", "CVR-nummer", "Titel", "Startdato", "Status"],
        [[f"Bench Skole {n}", f"{900000 + n}", f"Bench Virksomhed {n}", numbers[n], "Praktik", "01.08.2024",
          "Aktiv"] for n in range(ROWS)],
    )  # fmt: skip
    try:
        for label in ("first import", "the same files again"):
            print(label)
            timed(f"  {ROWS} schools", "schools", schools)
            timed(f"  {ROWS} companies + contacts", "companies", companies)
            timed(f"  {ROWS} agreements", "agreements", agreements)
    finally:
        with transaction.atomic():
            CooperationAgreement.objects.filter(title="Praktik", school__name__startswith="Bench ").delete()
            Company.objects.filter(name__startswith="Bench Virksomhed").delete()
            School.objects.filter(name__startswith="Bench Skole").delete()


if __name__ == "__main__":
    main()
