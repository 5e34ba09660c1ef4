"""What import_institutions and import_spreadsheet share: read, plan, report, and import unless --dry-run."""

from pathlib import Path

from django.core.management.base import CommandError

from imports.files import ImportFileError
from imports.services import apply_plan, plan_file


def run_import(command, kind: str, path: str, *, dry_run: bool, only=(), verbosity: int = 1) -> None:
    try:
        content = Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}") from error
    try:
        plan = plan_file(kind, content, user=None, only=only)
    except ImportFileError as error:
        raise CommandError(error.message) from error
    write = command.stdout.write
    for error in plan.errors:
        write(f"Row {error.row}{f', {error.column}' if error.column else ''}: {error.message}")
    if verbosity > 1:
        for planned in plan.create:
            write(f"Create (row {planned.row}): {planned.values.get('name') or planned.values.get('title')}")
        for planned in plan.update:
            changed = ", ".join(sorted(planned.changes))
            write(f"Update (row {planned.row}): {planned.key}: {changed}")
    counts = {
        "create": len(plan.create),
        "update": len(plan.update),
        "unchanged": len(plan.unchanged),
        "outside": len(plan.outside),
        "errors": len(plan.error_rows),
    }
    for extra in ("skipped", "missing"):
        if hasattr(plan, extra):
            counts["skipped" if extra == "skipped" else "inactive"] = len(getattr(plan, extra))
    write(" ".join(f"{name}={number}" for name, number in counts.items()))
    if dry_run:
        write("Dry run: nothing was written.")
        return
    outcome = apply_plan(kind, plan, user=None, reason=f"Import of {Path(path).name}")
    command.stdout.write(
        command.style.SUCCESS(" ".join(f"{name}={number}" for name, number in outcome.as_dict().items()))
    )
