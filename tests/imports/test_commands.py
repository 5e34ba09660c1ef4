"""The import commands against the database: register exports and spreadsheets as the files come."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from partnerships.models import Company, ContactPerson, CooperationAgreement, School
from tests.factories import CompanyFactory, MunicipalityFactory, SchoolFactory, UserFactory

from .samples import REGISTER_28, delimited, register_export, register_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def odder(db):
    return MunicipalityFactory(name="Odder", code="0727", slug="odder")


@pytest.fixture
def aarhus(db):
    return MunicipalityFactory(name="Aarhus", code="0751", slug="aarhus")


def export_file(tmp_path, rows, *, encoding="utf-16-le", bom=True, header=REGISTER_28, name="inst.csv"):
    path = tmp_path / name
    path.write_bytes(register_export(rows, header=header, encoding=encoding, bom=bom))
    return str(path)


REGISTER = [
    register_row(),
    register_row(INST_NR="727002", INST_NAVN="Hou Friskole", INST_TYPE_NR="1013"),
    register_row(INST_NR="727003", INST_NAVN="Odder Gymnasium", INST_TYPE_NR="1061"),
    register_row(INST_NR="727004", INST_NAVN="Vestjysk Specialskole", INST_TYPE_NR="1015"),
    register_row(INST_NR="751001", INST_NAVN="Åby Skole", BEL_KOMMUNE="751", KOMMUNE_NR="751"),
]


def test_the_register_export_creates_schools_with_kinds_and_coordinates(tmp_path, odder, aarhus):
    call_command("import_institutions", export_file(tmp_path, REGISTER), verbosity=0)

    schools = {s.institution_number: s for s in School.objects.all()}
    assert {n: (s.name, s.municipality.code, s.kind) for n, s in schools.items()} == {
        "727001": ("Parkvejens Skole", "0727", "folkeskole"),
        "727002": ("Hou Friskole", "0727", "friskole"),
        "727003": ("Odder Gymnasium", "0727", "stx"),
        "727004": ("Vestjysk Specialskole", "0727", "specialskole"),
        "751001": ("Åby Skole", "0751", "folkeskole"),
    }
    assert str(schools["727001"].latitude) == "55.973630"
    assert str(schools["727001"].longitude) == "10.149652"
    assert schools["727001"].history.get().history_change_reason == "Import of inst.csv"


@pytest.mark.parametrize(("encoding", "bom"), [("utf-16-le", True), ("utf-8", False), ("cp1252", False)])
def test_every_encoding_the_register_comes_in_reads_the_danish_letters(tmp_path, odder, encoding, bom):
    rows = [register_row(INST_NAVN="Ølsted Æblegård Skole", INST_ADR="Åvej 1")]
    call_command("import_institutions", export_file(tmp_path, rows, encoding=encoding, bom=bom), verbosity=0)
    school = School.objects.get()
    assert (school.name, school.address) == ("Ølsted Æblegård Skole", "Åvej 1")


def test_headers_in_any_order_with_extra_columns(tmp_path, odder):
    header = list(reversed(REGISTER_28)) + ["NOGET_NYT"]
    call_command("import_institutions", export_file(tmp_path, [register_row()], header=header), verbosity=0)
    assert School.objects.get().institution_number == "727001"


def test_running_twice_changes_nothing_the_second_time(tmp_path, odder, aarhus):
    path = export_file(tmp_path, REGISTER)
    call_command("import_institutions", path, verbosity=0)
    history = sum(s.history.count() for s in School.objects.all())
    updated = {s.pk: s.updated_at for s in School.objects.all()}
    call_command("import_institutions", path, verbosity=0)
    assert sum(s.history.count() for s in School.objects.all()) == history
    assert {s.pk: s.updated_at for s in School.objects.all()} == updated


def test_a_school_that_left_the_register_becomes_inactive_not_deleted(tmp_path, odder):
    other = register_row(INST_NR="727005", INST_NAVN="Skovbakkeskolen")
    call_command("import_institutions", export_file(tmp_path, [*REGISTER[:2], other]), verbosity=0)
    # The next export lists Odder's other folkeskole and its friskole, but no longer Parkvejens Skole.
    call_command("import_institutions", export_file(tmp_path, [*REGISTER[1:2], other]), verbosity=0)
    left = School.objects.get(institution_number="727001")
    assert not left.active
    assert left.history.first().history_change_reason == "No longer in the institution register"
    assert School.objects.filter(active=True).count() == 2


def test_a_renamed_school_is_updated_by_its_institution_number(tmp_path, odder):
    call_command("import_institutions", export_file(tmp_path, [register_row()]), verbosity=0)
    renamed = [register_row(INST_NAVN="Parkvejens Skole og Børnehus")]
    call_command("import_institutions", export_file(tmp_path, renamed), verbosity=0)
    assert School.objects.get().name == "Parkvejens Skole og Børnehus"


def test_dry_run_writes_nothing_and_reports(tmp_path, odder, capsys):
    call_command("import_institutions", export_file(tmp_path, REGISTER[:2]), dry_run=True)
    assert not School.objects.exists()
    assert "create=2" in capsys.readouterr().out


def test_an_unknown_type_is_reported_not_guessed(tmp_path, odder, capsys):
    rows = [register_row(INST_TYPE_NR="9998", INST_TYPE_NAVN="Endnu ikke klassificerede institutioner")]
    call_command("import_institutions", export_file(tmp_path, rows))
    assert not School.objects.exists()
    assert "9998" in capsys.readouterr().out


def test_municipality_option_imports_only_that_municipality(tmp_path, odder, aarhus):
    call_command("import_institutions", export_file(tmp_path, REGISTER), municipality=["751"], verbosity=0)
    assert list(School.objects.values_list("institution_number", flat=True)) == ["751001"]


def test_a_file_that_is_not_a_table_is_a_clear_error(tmp_path, odder):
    path = tmp_path / "x.csv"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="empty"):
        call_command("import_institutions", str(path))


def write_csv(tmp_path, header, rows, name="sheet.csv"):
    path = tmp_path / name
    path.write_bytes(("\ufeff" + delimited(header, rows)).encode("utf-8"))
    return str(path)


def test_spreadsheet_of_companies_with_contacts(tmp_path, odder):
    header = ["Virksomhed", "CVR-nummer", "Kommune", "Kontaktperson", "E-mail", "Telefon"]
    rows = [
        ["Odder Maskinfabrik", "40000003", "Odder", "Jens Hansen", "jens@example.dk", "12 34 56 78"],
        ["Odder Maskinfabrik", "40000003", "Odder", "Mette Jensen", "mette@example.dk", ""],
    ]
    path = write_csv(tmp_path, header, rows)
    call_command("import_spreadsheet", "companies", path, verbosity=0)
    company = Company.objects.get()
    assert (company.name, company.cvr, company.municipality) == ("Odder Maskinfabrik", "40000003", odder)
    assert sorted(company.contacts.values_list("name", flat=True)) == ["Jens Hansen", "Mette Jensen"]
    call_command("import_spreadsheet", "companies", path, verbosity=0)
    assert ContactPerson.objects.count() == 2


def test_spreadsheet_of_agreements_with_past_dates_counts_for_those_dates(tmp_path, odder):
    school = SchoolFactory(municipality=odder, name="Parkvejens Skole")
    company = CompanyFactory(municipality=odder, name="Odder Maskinfabrik", host_status="approved")
    header = ["Skole", "Virksomhed", "Titel", "Startdato", "Slutdato", "Status", "Underskrevet"]
    rows = [
        ["Parkvejens Skole", "Odder Maskinfabrik", "Praktik", "01.08.2023", "31.07.2024", "Aktiv", "1.8.2023"]
    ]
    call_command("import_spreadsheet", "agreements", write_csv(tmp_path, header, rows), verbosity=0)
    agreement = CooperationAgreement.objects.get()
    assert (agreement.school, agreement.company) == (school, company)
    assert agreement.counts_on(datetime.date(2024, 1, 15))
    assert not agreement.counts_on(datetime.date(2025, 1, 15))


@pytest.mark.parametrize("kind", ["schools", "companies", "agreements"])
def test_an_import_makes_cached_figures_and_pages_old(tmp_path, odder, kind):
    """Imports write in bulk, without save(): they still move the version that cached pages are keyed by."""
    from reporting.figures_cache import figures_version

    SchoolFactory(municipality=odder, name="Parkvejens Skole")
    CompanyFactory(municipality=odder, name="Odder Maskinfabrik", host_status="approved")
    header, row = {
        "schools": (["Skole", "Kommune"], ["Ny Skole", "Odder"]),
        "companies": (["Virksomhed", "CVR-nummer", "Kommune"], ["Ny Virksomhed ApS", "12345674", "Odder"]),
        "agreements": (
            ["Skole", "Virksomhed", "Titel", "Startdato", "Status"],
            ["Parkvejens Skole", "Odder Maskinfabrik", "Praktik", "01.08.2023", "Aktiv"],
        ),
    }[kind]
    before = figures_version()
    call_command("import_spreadsheet", kind, write_csv(tmp_path, header, [row]), verbosity=0)
    assert figures_version() > before


def test_spreadsheet_dry_run_writes_nothing(tmp_path, odder):
    path = write_csv(tmp_path, ["Skole", "Kommune"], [["Ny Skole", "Odder"]])
    call_command("import_spreadsheet", "schools", path, dry_run=True, verbosity=0)
    assert not School.objects.exists()
    call_command("import_spreadsheet", "schools", path, verbosity=0)
    assert School.objects.get().name == "Ny Skole"


def test_the_wrong_columns_are_a_clear_error(tmp_path, odder):
    path = write_csv(tmp_path, ["Navn", "By"], [["Ny Skole", "Odder"]])
    with pytest.raises(CommandError, match="missing"):
        call_command("import_spreadsheet", "schools", path)


def test_history_records_who_imported(odder):
    from imports.services import apply_plan, plan_file

    user = UserFactory(is_staff=True)
    content = ("Skole;Kommune\r\nNy Skole;Odder\r\n").encode("cp1252")
    plan = plan_file("schools", content, user=user)
    apply_plan("schools", plan, user=user)
    assert School.objects.get().history.get().history_user == user


def test_an_ended_agreement_without_an_end_date_is_an_error_not_a_crash(tmp_path, odder, capsys):
    SchoolFactory(municipality=odder, name="Parkvejens Skole")
    CompanyFactory(municipality=odder, name="Odder Maskinfabrik")
    header = ["Skole", "Virksomhed", "Titel", "Startdato", "Status"]
    rows = [["Parkvejens Skole", "Odder Maskinfabrik", "Praktik", "01.08.2023", "Ended"]]
    call_command("import_spreadsheet", "agreements", write_csv(tmp_path, header, rows))
    assert not CooperationAgreement.objects.exists()
    assert "needs its end date" in capsys.readouterr().out
