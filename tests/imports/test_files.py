import codecs
import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from imports import files
from imports.files import Column, ImportFileError, read_table

from .samples import delimited, with_cached_formula, workbook

COLUMNS = (
    Column("name", ("Skole", "School"), required=True),
    Column("number", ("Institutionsnummer",), required=True),
    Column("town", ("By",)),
)
DANISH_ROWS = [["Skole", "Institutionsnummer", "By"], ["Æblegårdens Skole", "751002", "Ørsted"]]


def csv_bytes(rows, *, encoding="utf-8", separator=";", bom=""):
    text = delimited(rows[0], rows[1:], separator=separator)
    return (bom + text).encode(encoding)


@pytest.mark.parametrize(
    ("encoding", "bom", "detected"),
    [
        ("utf-16-le", "\ufeff", "utf-16"),
        ("utf-16-le", "", "utf-16-le"),
        ("utf-16-be", "\ufeff", "utf-16"),
        ("utf-16-be", "", "utf-16-be"),
        ("utf-8", "\ufeff", "utf-8-sig"),
        ("utf-8", "", "utf-8"),
        ("cp1252", "", "cp1252"),
    ],
)
def test_reads_the_encodings_danish_offices_save(encoding, bom, detected):
    table = read_table(csv_bytes(DANISH_ROWS, encoding=encoding, bom=bom), columns=COLUMNS)

    assert table.format == detected
    assert table.headers == {"name": "Skole", "number": "Institutionsnummer", "town": "By"}
    assert [row.values for row in table.rows] == [
        {"name": "Æblegårdens Skole", "number": "751002", "town": "Ørsted"}
    ]


def test_windows_1252_is_not_mistaken_for_utf_8_when_the_first_danish_letter_is_far_down():
    rows = [DANISH_ROWS[0]] + [[f"Skole {n}", str(700000 + n), "Odder"] for n in range(5000)]
    rows.append(["Åby Skole", "751054", "Åbyhøj"])
    table = read_table(csv_bytes(rows, encoding="cp1252"), columns=COLUMNS)

    assert table.format == "cp1252"
    assert table.rows[-1].values["name"] == "Åby Skole"


@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_the_header_row_decides_the_separator(separator):
    rows = [
        ["Skole", "Institutionsnummer", "By"],
        ["Skolen ved Sundet; Amager, syd", "101053", "København S"],
    ]
    table = read_table(csv_bytes(rows, separator=separator), columns=COLUMNS)

    assert table.rows[0].values == {
        "name": "Skolen ved Sundet; Amager, syd",
        "number": "101053",
        "town": "København S",
    }


def test_headers_match_in_any_case_spacing_and_order_and_extra_columns_are_ignored():
    rows = [
        [" by ", "Telefon", "INSTITUTIONSNUMMER", "  school\u00a0"],
        ["Odder", "8780 3333", "727001", "Parkvejens Skole"],
    ]
    table = read_table(csv_bytes(rows), columns=COLUMNS)

    assert table.headers == {"town": "by", "number": "INSTITUTIONSNUMMER", "name": "school"}
    assert table.rows[0].values == {"town": "Odder", "number": "727001", "name": "Parkvejens Skole"}


def test_an_optional_column_may_be_missing_and_short_rows_read_as_empty():
    table = read_table(csv_bytes([["Skole", "Institutionsnummer"], ["Parkvejens Skole"]]), columns=COLUMNS)

    assert not table.has("town")
    assert table.rows[0].values == {"name": "Parkvejens Skole", "number": ""}


def test_missing_required_columns_are_named():
    with pytest.raises(ImportFileError) as error:
        read_table(csv_bytes([["By", "Adresse"], ["Odder", "Parkvej 7"]]), columns=COLUMNS)
    assert error.value.message == (
        "The columns “Skole”, “Institutionsnummer” are missing. The first row must name the columns."
    )

    with pytest.raises(ImportFileError) as error:
        read_table(csv_bytes([["School", "By"], ["Parkvejens Skole", "Odder"]]), columns=COLUMNS)
    assert (
        error.value.message
        == "The column “Institutionsnummer” is missing. The first row must name the columns."
    )


def test_a_column_given_twice_is_refused():
    rows = [["Skole", "Institutionsnummer", "School"], ["A", "727001", "B"]]
    with pytest.raises(ImportFileError, match="“Skole” and “School” hold the same thing"):
        read_table(csv_bytes(rows), columns=COLUMNS)


@pytest.mark.parametrize(
    "content",
    [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"\r\n  \r\n", "\ufeff\r\n".encode("utf-16-le")],
    ids=["nothing", "utf-8 mark", "utf-16 mark", "blank lines", "utf-16 blank line"],
)
def test_an_empty_file_is_refused(content):
    with pytest.raises(ImportFileError) as error:
        read_table(content, columns=COLUMNS)
    assert error.value.message == "The file is empty."


def test_a_header_without_rows_is_refused():
    with pytest.raises(ImportFileError, match="a header row but no rows"):
        read_table(csv_bytes([DANISH_ROWS[0], ["", "", ""]]), columns=COLUMNS)


def test_a_wrong_separator_is_explained():
    content = b"Skole|Institutionsnummer|By\r\nParkvejens Skole|727001|Odder\r\n"
    with pytest.raises(ImportFileError) as error:
        read_table(content, columns=COLUMNS)
    assert error.value.message.startswith(
        "The first row holds a single column (“Skole|Institutionsnummer|By”): separate the columns with"
    )


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<</Length 5>>stream\nx\x9c\x03\x00\x00\x00\x00\x01",
        b"Skole;Institutionsnummer\r\nParkvejens\x00Skole;727001\r\n",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01",
    ],
    ids=["png", "pdf", "nul in text", "jpeg"],
)
def test_files_that_are_not_tables_are_refused(content):
    with pytest.raises(ImportFileError) as error:
        read_table(content, columns=COLUMNS)
    assert error.value.message == "This is not a CSV file or an Excel workbook (.xlsx)."


def test_an_old_excel_file_is_refused_with_the_way_out():
    with pytest.raises(
        ImportFileError, match=r"Old Excel files \(.xls\).*Save the file as an Excel workbook"
    ):
        read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), columns=COLUMNS)


def test_a_zip_that_is_not_a_workbook_is_refused():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(ImportFileError, match=r"not an Excel workbook \(.xlsx\)"):
        read_table(archive.getvalue(), columns=COLUMNS)


def test_a_damaged_workbook_is_refused():
    content = workbook([["Skole", "Institutionsnummer"], ["A", "727001"]])
    archive = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(archive, "w") as out:
        for item in source.infolist():
            data = (
                b"<worksheet><sheetData><row" if item.filename.endswith("sheet1.xml") else source.read(item)
            )
            out.writestr(item, data)
    with pytest.raises(ImportFileError, match="The workbook cannot be opened"):
        read_table(archive.getvalue(), columns=COLUMNS)


def test_a_workbook_that_would_unpack_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(files, "MAX_UNPACKED_BYTES", 1000)
    content = workbook([["Skole", "Institutionsnummer"]] + [[f"Skole {n}", n] for n in range(200)])
    with pytest.raises(ImportFileError, match="too large"):
        read_table(content, columns=COLUMNS)


def test_more_rows_than_the_limit_are_refused(settings):
    settings.IMPORT_MAX_ROWS = 3
    rows = [DANISH_ROWS[0]] + [[f"Skole {n}", str(727000 + n), "Odder"] for n in range(3)]
    assert len(read_table(csv_bytes(rows), columns=COLUMNS).rows) == 3

    rows.append(["Skole 4", "727004", "Odder"])
    with pytest.raises(ImportFileError) as error:
        read_table(csv_bytes(rows), columns=COLUMNS)
    assert error.value.message == "The file has more than 3 rows. Split it into files of at most 3 rows."
    with pytest.raises(ImportFileError, match="more than 3 rows"):
        read_table(workbook(rows), columns=COLUMNS)


def test_a_sheet_of_mostly_empty_rows_is_refused_as_too_long(settings):
    settings.IMPORT_MAX_ROWS = 3
    csv_content = b"Skole;Institutionsnummer\r\nA;727001\r\n" + b";\r\n" * 6 + b"B;727002\r\n"
    book = Workbook()
    book.active.append(["Skole", "Institutionsnummer"])
    book.active.append(["A", "727001"])
    book.active.cell(row=8, column=1).font = Font(bold=True)  # formatted, empty: Excel counts it as used
    out = io.BytesIO()
    book.save(out)

    for content in (csv_content, out.getvalue()):
        with pytest.raises(ImportFileError, match="more than 3 rows"):
            read_table(content, columns=COLUMNS)


def test_rows_are_numbered_as_a_spreadsheet_program_shows_them():
    content = b"\r\nSkole;Institutionsnummer\r\nA;727001\r\n\r\nB;727002\r\n"
    table = read_table(content, columns=COLUMNS)

    assert [(row.number, row.values["name"]) for row in table.rows] == [(3, "A"), (5, "B")]


def test_quoted_cells_keep_separators_quotes_and_line_breaks():
    content = b'Skole;Institutionsnummer;By\r\n"Skolen ""Nord""; afd. 2";727001;"Odder\nC"\r\n'
    table = read_table(content, columns=COLUMNS)

    assert table.rows[0].values == {"name": 'Skolen "Nord"; afd. 2', "number": "727001", "town": "Odder\nC"}


HOSTILE = [
    '=HYPERLINK("https://evil.example.com","Klik")',
    "+45 12 34 56 78",
    "-2+3",
    "@SUM(A1:A9)",
    "<script>alert('x')</script>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_and_html_text_is_kept_as_text(text):
    from_csv = read_table(csv_bytes([["Skole", "Institutionsnummer"], [text, "727001"]]), columns=COLUMNS)
    from_xlsx = read_table(
        workbook([["Skole", "Institutionsnummer"], [text, "727001"]], as_text=True), columns=COLUMNS
    )

    assert from_csv.rows[0].values["name"] == text
    assert from_xlsx.rows[0].values["name"] == text


def test_a_workbook_formula_gives_the_value_excel_saved_and_is_never_evaluated():
    content = workbook(
        [["Skole", "Institutionsnummer"], ["Parkvejens Skole", "=727000+1"], ["Skole 2", "=1+1"]]
    )
    content = with_cached_formula(content, "B2", "727001")
    table = read_table(content, columns=COLUMNS)

    assert table.format == "xlsx"
    assert [row.values["number"] for row in table.rows] == ["727001", ""]


def test_a_workbook_is_read_from_its_first_sheet_with_values_as_text():
    first = [
        [None, None, None],
        ["Institutionsnummer", "Skole", "By"],
        [751002, "Bakkegårdsskolen ", datetime.datetime(2024, 8, 15)],
        [None, None, None],
        [101001.0, "Den Classenske Legatskole", 56.15394734],
        [727001, "Parkvejens Skole", datetime.datetime(2024, 8, 15, 13, 30)],
        [727002, True, datetime.date(2025, 1, 2)],
    ]
    second = [["Skole", "Institutionsnummer"], ["Fra ark 2", 1]]
    table = read_table(workbook(first, second), columns=COLUMNS)

    assert [(row.number, row.values) for row in table.rows] == [
        (3, {"number": "751002", "name": "Bakkegårdsskolen", "town": "2024-08-15"}),
        (5, {"number": "101001", "name": "Den Classenske Legatskole", "town": "56.15394734"}),
        (6, {"number": "727001", "name": "Parkvejens Skole", "town": "2024-08-15 13:30:00"}),
        (7, {"number": "727002", "name": "TRUE", "town": "2025-01-02"}),
    ]


def test_a_workbook_without_a_header_names_the_missing_columns():
    with pytest.raises(ImportFileError, match="“Skole”, “Institutionsnummer” are missing"):
        read_table(workbook([["Parkvejens Skole", 727001]]), columns=COLUMNS)
    with pytest.raises(ImportFileError, match="The file is empty"):
        read_table(workbook([]), columns=COLUMNS)
