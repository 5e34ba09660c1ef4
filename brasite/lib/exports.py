"""Spreadsheet downloads: CSV (semicolon-separated, UTF-8 with BOM, as Danish Excel expects) and xlsx."""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import Http404, HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_text(value):
    """Neutralise text a spreadsheet would run as a formula (names come from public forms)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_cell(value):
    """A value as a CSV cell: numbers stay numbers, dates Danish, text protected against formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(safe_text(value))


def csv_writer(output, *, delimiter: str = ";"):
    """Every text cell quoted, so that a separator inside a name never starts a new cell (`a,=2+3`)."""
    return csv.writer(output, delimiter=delimiter, quoting=csv.QUOTE_NONNUMERIC)


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv_writer(response)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return response


def add_sheet(workbook: Workbook, title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> None:
    """A sheet with a bold header row, Danish date format and columns wide enough to read."""
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(header)) for header in headers]
    for row in rows:
        sheet.append([safe_text(value) for value in row])
        for index, value in enumerate(row):
            widths[index] = max(widths[index], len(str(csv_cell(value))))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD.MM.YYYY"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, 60)
    sheet.freeze_panes = "A2"


def xlsx_response(
    filename: str, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]
) -> HttpResponse:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows in sheets:
        add_sheet(workbook, title, headers, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def spreadsheet_response(
    fmt: str, *, filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    """A list as `<filename>.csv` or `<filename>.xlsx` (one sheet named `title`); other formats: 404."""
    if fmt == "csv":
        return csv_response(f"{filename}.csv", headers, rows)
    if fmt == "xlsx":
        return xlsx_response(f"{filename}.xlsx", [(title, headers, list(rows))])
    raise Http404("Unknown export format")
