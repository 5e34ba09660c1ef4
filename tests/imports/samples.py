"""Files as coordinators and the Ministry's register hand them over, built in the tests."""

import csv
import io
import re
import zipfile

from openpyxl import Workbook

# The register's extract (statistik.uni-c.dk/instregudtraek): 28 columns, and the older 24.
REGISTER_28 = (
    "HOVEDSKOLE_INST;INST_NR;INST_NAVN;ENHEDSART;INST_ADR;POSTNR;POSTDISTRIKT;TLF_NR;E_MAIL;WEB_ADR;"
    "INST_TYPE_NR;INST_TYPE_NAVN;INST_TYPE_GRUPPE;UNDERV_NIV;INST_LEDER;CVR_NR;KOMMUNE_NR;ADM_KOMMUNE_NAVN;"
    "BEL_KOMMUNE;BEL_KOMMUNE_NAVN;BEL_REGION;REGION_NAVN;EJER_KODE;EJERKODE_NAVN;P_NR;VEJKODE;"
    "GEO_BREDDE_GRAD;GEO_LAENGDE_GRAD"
).split(";")
REGISTER_24 = REGISTER_28[:24]
# uddannelsesstatistik.dk's export: 30 columns with Danish names, the municipality by name.
REGISTER_30 = (
    "Hovedinstitution;Institutionsnummer;Institutionsnavn;Enhedsart;Adresse;Postnummer;Postdistrikt;Vejkode;"
    "Beliggenhedskommune;Beliggenhedsregion;Geokode: Breddegrad;Geokode: Længdegrad;Institutionsleder;"
    "Telefonnummer;E-mail adresse;Webadresse;Institutionstype, nr;Institutionstype, navn;Undervisningsniveau;"
    "Ressortministerium;CVR-nummer;P-nummer;Ejerkode, nr;Ejerkode, navn;Administrativ kommune;Aktivkode, nr;"
    "Aktivkode, navn;Ajourdato;Oprettelsesmåned;Nedlæggelsesdato"
).split(";")
TO_30 = {
    "HOVEDSKOLE_INST": "Hovedinstitution",
    "INST_NR": "Institutionsnummer",
    "INST_NAVN": "Institutionsnavn",
    "INST_ADR": "Adresse",
    "POSTNR": "Postnummer",
    "POSTDISTRIKT": "Postdistrikt",
    "BEL_KOMMUNE_NAVN": "Beliggenhedskommune",
    "GEO_BREDDE_GRAD": "Geokode: Breddegrad",
    "GEO_LAENGDE_GRAD": "Geokode: Længdegrad",
    "INST_TYPE_NR": "Institutionstype, nr",
    "INST_TYPE_NAVN": "Institutionstype, navn",
    "CVR_NR": "CVR-nummer",
}
TYPE_NAMES = {
    "1011": "Efterskoler",
    "1012": "Folkeskoler",
    "1013": "Friskoler og private grundskoler",
    "1014": "Kommunale ungdomsskoler og ungdomskostskoler",
    "1015": "Specialskoler for børn",
    "1022": "Folkehøjskoler",
    "1027": "Institutioner for forberedende grunduddannelse",
    "1053": "Voksenuddannelsescentre",
    "1061": "Gymnasier og HF-kurser",
    "1071": "Erhvervsskoler m.v.",
    "2013": "Kommuner pr. 1/1-2007",
    "9998": "Endnu ikke klassificerede institutioner",
}


def register_row(**values) -> dict[str, str]:
    """A folkeskole in Odder unless told otherwise."""
    row = {
        "INST_NR": "727001",
        "INST_NAVN": "Parkvejens Skole",
        "ENHEDSART": "Institution uden enheder",
        "INST_ADR": "Parkvej 7",
        "POSTNR": "8300",
        "POSTDISTRIKT": "Odder",
        "E_MAIL": "kontakt@example.dk",
        "INST_TYPE_NR": "1012",
        "UNDERV_NIV": "9",
        "KOMMUNE_NR": "727",
        "ADM_KOMMUNE_NAVN": "Odder Kommune",
        "BEL_KOMMUNE": "727",
        "BEL_KOMMUNE_NAVN": "Odder Kommune",
        "BEL_REGION": "1082",
        "REGION_NAVN": "Region Midtjylland",
        "GEO_BREDDE_GRAD": "55,97362981",
        "GEO_LAENGDE_GRAD": "10,14965216",
    }
    row.update(values)
    row.setdefault("INST_TYPE_NAVN", TYPE_NAMES.get(row["INST_TYPE_NR"], ""))
    return row


def delimited(header, rows, *, separator=";") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header] if isinstance(row, dict) else row)
    return out.getvalue()


def register_export(rows, *, header=REGISTER_28, encoding="utf-16-le", bom=True, separator=";") -> bytes:
    """The register's extract as the Ministry sends it: `;`-separated UTF-16-LE with a byte order mark."""
    if header is REGISTER_30:
        rows = [{TO_30.get(key, key): value for key, value in row.items()} for row in rows]
    text = delimited(header, rows, separator=separator)
    return (("\ufeff" + text) if bom else text).encode(encoding)


def workbook(*sheets, as_text=False) -> bytes:
    """An xlsx whose sheets hold the given rows; `as_text` stores "=..." as typed text, not a formula."""
    book = Workbook()
    book.remove(book.active)
    for index, rows in enumerate(sheets):
        sheet = book.create_sheet(f"Ark{index + 1}")
        for row in rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if as_text and isinstance(cell.value, str):
                    cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_cached_formula(content: bytes, cell: str, cached: str) -> bytes:
    """The workbook as Excel saves it: the formula in `cell` with the value it last calculated."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text = re.sub(
                    rf'(<c r="{cell}"[^>]*>)<f>(.*?)</f><v\s*/?>(</v>)?', rf"\1<f>\2</f><v>{cached}</v>", text
                )
                data = text.encode()
            target.writestr(item, data)
    return out.getvalue()
