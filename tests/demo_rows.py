"""`seed_demo`'s data once per test process: the rows its first run wrote are kept, and later uses write the
same rows back (a few hundred milliseconds) instead of running it again (seconds, most of it one query per
saved object and history row).

Rows are written back only onto the database state the first run started from (the same rows in every
table it changed, as after a flush or at the start of a module), and on the same day (its dates are
relative to today); otherwise `seed_demo` runs again. The figures' version is not kept: it is bumped after
the rows are written, as each save of `seed_demo` bumps it.
"""

import io

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from reporting.figures_cache import TABLE as FIGURES_VERSION_TABLE
from reporting.figures_cache import bump_figures_version

KEPT = {}  # "day": the day of the first run; "tables": {table: (rows before it, rows after it)}


def table_rows(cursor, table: str):
    """Every row of the table, in a form that compares equal for equal contents and can be written back."""
    if connection.vendor == "postgresql":  # one line per row, sorted: the order on disk may change
        rows = io.StringIO()
        cursor.copy_expert(f'COPY "{table}" TO STDOUT', rows)
        return "".join(sorted(rows.getvalue().splitlines(keepends=True)))
    cursor.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
    return cursor.fetchall()


def write_rows(cursor, table: str, rows) -> None:
    cursor.execute(f'DELETE FROM "{table}"')
    if connection.vendor == "postgresql":
        cursor.copy_expert(f'COPY "{table}" FROM STDIN', io.StringIO(rows))
    elif rows:
        marks = ", ".join("%s" for _ in rows[0])
        cursor.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)


def write_back(cursor, kept: dict) -> None:
    for table, (_before, after) in kept.items():
        write_rows(cursor, table, after)
    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in kept]
    for sql in connection.ops.sequence_reset_sql(no_style(), models):
        cursor.execute(sql)  # the next new row gets a key after the written ones (PostgreSQL)
    bump_figures_version()


def seed_demo() -> None:
    """`call_command("seed_demo")`, with its rows written back where it ran before in this process."""
    today = timezone.localdate()
    with transaction.atomic(), connection.cursor() as cursor:
        kept = KEPT.get("tables") if KEPT.get("day") == today else None
        if kept is not None and all(table_rows(cursor, t) == before for t, (before, _after) in kept.items()):
            write_back(cursor, kept)
            return
        tables = connection.introspection.django_table_names(only_existing=True)
        tables = [table for table in tables if table != FIGURES_VERSION_TABLE]
        before = {table: table_rows(cursor, table) for table in tables}
        call_command("seed_demo", verbosity=0)
        after = {table: table_rows(cursor, table) for table in tables}
    KEPT.update(day=today, tables={t: (before[t], after[t]) for t in tables if before[t] != after[t]})
