"""An uploaded file's bytes as rows of text keyed by column: CSV as Danish offices save it, or xlsx.

CSV: separated by semicolons, commas or tabs (the header row decides); UTF-16 (with or without a byte
order mark: the Ministry's institution register is exported so), UTF-8 (with or without one) or
Windows-1252. xlsx: the first sheet, read-only; formulas are never evaluated: a formula cell gives the
value Excel saved with it, and one never calculated reads as empty. Text is kept as typed: a leading
"=" or "<script>" is just text here; escaping it is the job of whatever shows or exports it.
"""

import codecs
import csv
import datetime
import io
import itertools
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

DEFAULT_MAX_ROWS = 50_000
# An xlsx is a zip archive: refuse one that would unpack to more than this (a "zip bomb").
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
SEPARATORS = (";", "\t", ",")  # on a tie the first wins: Danish Excel writes semicolons
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
SAMPLE_BYTES = 64 * 1024


class ImportFileError(Exception):
    """The file cannot be read as a table; `message` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Column:
    """A column the importer reads: `headers` are the accepted spellings, the first is the template's."""

    key: str
    headers: tuple[str, ...]
    required: bool = False
    help: str = ""

    @property
    def header(self) -> str:
        return self.headers[0]


@dataclass(frozen=True)
class Row:
    number: int  # as a spreadsheet program numbers it: the header is row 1
    values: dict[str, str]  # by Column.key, for the columns the file has; trimmed text


@dataclass
class Table:
    rows: list[Row]
    headers: dict[str, str]  # Column.key -> the header as the file spells it
    format: str  # "xlsx" or the CSV's encoding, e.g. "utf-16-le"

    def has(self, key: str) -> bool:
        return key in self.headers


def read_table(content: bytes, *, columns: Sequence[Column], max_rows: int | None = None) -> Table:
    """Read an uploaded CSV or xlsx file; raise ImportFileError with a message for the user."""
    if max_rows is None:
        max_rows = getattr(settings, "IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)
    if content.startswith(b"PK\x03\x04"):
        return _read_xlsx(content, columns, max_rows)
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _(
                "Old Excel files (.xls) and password-protected workbooks cannot be read. "
                "Save the file as an Excel workbook (.xlsx) without a password, or as CSV."
            )
        )
    return _read_csv(content, columns, max_rows)


def _candidate_encodings(content: bytes) -> list[str]:
    if content.startswith(codecs.BOM_UTF8):
        return ["utf-8-sig"]
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ["utf-16"]
    sample = content[:SAMPLE_BYTES]
    even, odd = sample[0::2], sample[1::2]
    # Text in UTF-16 without a byte order mark: every other byte of Latin letters and digits is NUL.
    if odd and odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return ["utf-16-le"]
    if even and even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return ["utf-16-be"]
    return ["utf-8", "cp1252"]


def _not_a_table() -> ImportFileError:
    return ImportFileError(_("This is not a CSV file or an Excel workbook (.xlsx)."))


def _read_csv(content: bytes, columns: Sequence[Column], max_rows: int) -> Table:
    encodings = _candidate_encodings(content)
    if encodings[0].startswith("utf-16"):
        sample = content[:SAMPLE_BYTES].decode(encodings[0], errors="ignore")
        if CONTROL_CHARACTERS.search(sample):
            raise _not_a_table()
    elif CONTROL_BYTES.search(content[:SAMPLE_BYTES]):
        raise _not_a_table()
    for encoding in encodings:
        stream = io.TextIOWrapper(io.BytesIO(content), encoding=encoding, newline="")
        try:
            return _parse_csv(stream, encoding, columns, max_rows)
        except UnicodeDecodeError:
            continue  # not this encoding: start again with the next one
    raise ImportFileError(
        _("The file's letters cannot be read. Save it as “CSV UTF-8” or as an Excel workbook (.xlsx).")
    )


def _parse_csv(stream: io.TextIOWrapper, encoding: str, columns: Sequence[Column], max_rows: int) -> Table:
    line_number = 0
    for line in stream:
        line_number += 1
        if line.strip():
            break
    else:
        raise ImportFileError(_("The file is empty."))
    separator = max(SEPARATORS, key=line.count)
    reader = csv.reader(itertools.chain([line], stream), delimiter=separator)
    try:
        header = next(reader)
        headers, indexes = _match_header(header, columns, single_column_hint=line.count(separator) == 0)
        rows = _rows(reader, indexes, first_number=line_number + 1, max_rows=max_rows)
    except csv.Error as error:
        raise ImportFileError(
            _(
                "The file cannot be read as CSV near row %(row)s. Save it again as CSV, "
                "with semicolons or commas between the columns."
            )
            % {"row": reader.line_num}
        ) from error
    return Table(rows=rows, headers=headers, format=encoding)


def _normalise_header(text: str) -> str:
    return " ".join(text.replace("\ufeff", "").split()).casefold()


def _match_header(
    cells: Sequence[str], columns: Sequence[Column], *, single_column_hint: bool = False
) -> tuple[dict[str, str], dict[str, int]]:
    wanted = {_normalise_header(spelling): column for column in columns for spelling in column.headers}
    headers: dict[str, str] = {}
    indexes: dict[str, int] = {}
    for index, cell in enumerate(cells):
        column = wanted.get(_normalise_header(cell))
        if column is None:
            continue  # a column the import does not use
        if column.key in headers:
            raise ImportFileError(
                _("The columns “%(first)s” and “%(second)s” hold the same thing: remove one of them.")
                % {"first": headers[column.key], "second": cell.strip()}
            )
        headers[column.key] = cell.replace("\ufeff", "").strip()
        indexes[column.key] = index
    missing = [column.header for column in columns if column.required and column.key not in headers]
    if missing and single_column_hint and len(columns) > 1:
        raise ImportFileError(
            _(
                "The first row holds a single column (“%(header)s”): separate the columns with "
                "semicolons, commas or tabs, or save the file as an Excel workbook (.xlsx)."
            )
            % {"header": cells[0].strip()[:80] if cells else ""}
        )
    if missing:
        raise ImportFileError(
            ngettext(
                "The column “%(columns)s” is missing. The first row must name the columns.",
                "The columns “%(columns)s” are missing. The first row must name the columns.",
                len(missing),
            )
            % {"columns": "”, “".join(missing)}
        )
    return headers, indexes


def _too_many_rows(max_rows: int) -> ImportFileError:
    return ImportFileError(
        ngettext(
            "The file has more than %(max)s row. Split it into files of at most %(max)s row.",
            "The file has more than %(max)s rows. Split it into files of at most %(max)s rows.",
            max_rows,
        )
        % {"max": max_rows}
    )


def _rows(records: Iterable[Sequence[str]], indexes: dict[str, int], *, first_number: int, max_rows: int):
    rows = []
    for number, record in enumerate(records, start=first_number):
        if number - first_number >= 2 * max_rows:  # as many empty rows again: a sheet formatted to its end
            raise _too_many_rows(max_rows)
        cells = [cell.strip() for cell in record]
        if not any(cells):
            continue
        if len(rows) == max_rows:
            raise _too_many_rows(max_rows)
        values = {key: cells[index] if index < len(cells) else "" for key, index in indexes.items()}
        rows.append(Row(number=number, values=values))
    if not rows:
        raise ImportFileError(_("The file has a header row but no rows below it."))
    return rows


def _read_xlsx(content: bytes, columns: Sequence[Column], max_rows: int) -> Table:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as error:
        raise _not_a_table() from error
    if not any(member.filename == "xl/workbook.xml" for member in members):
        raise ImportFileError(
            _("This file is not an Excel workbook (.xlsx). Save it as .xlsx or as CSV and upload it again.")
        )
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise ImportFileError(_("The workbook is too large. Split it into smaller files."))
    # openpyxl raises many kinds of errors on damaged or foreign files; each means the same to the user.
    try:
        return _parse_xlsx(content, columns, max_rows)
    except ImportFileError:
        raise
    except Exception as error:
        raise ImportFileError(
            _("The workbook cannot be opened. Save it again in Excel as .xlsx, or as CSV.")
        ) from error


def _parse_xlsx(content: bytes, columns: Sequence[Column], max_rows: int) -> Table:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The file is empty."))
        sheet = workbook.worksheets[0]
        if (
            sheet.max_row or 0
        ) > 2 * max_rows:  # the sheet's own record of its size: refused before it is read
            raise _too_many_rows(max_rows)
        # Read-only sheets yield every row from the first, empty ones too: the count is Excel's row number.
        records = ([cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True))
        header_row, header = 1, next(records, None)
        while header is not None and not any(header):
            header_row, header = header_row + 1, next(records, None)
        if header is None:
            raise ImportFileError(_("The file is empty."))
        headers, indexes = _match_header(header, columns)
        rows = _rows(records, indexes, first_number=header_row + 1, max_rows=max_rows)
    finally:
        workbook.close()
    return Table(rows=rows, headers=headers, format="xlsx")


def cell_text(value) -> str:
    """A spreadsheet cell's value as the text the importer checks (dates as yyyy-mm-dd)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value).strip()
