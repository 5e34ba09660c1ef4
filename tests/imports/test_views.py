"""The upload pages: preview first, nothing written until confirmed, only the user's municipalities."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from imports.models import ImportRun
from partnerships.models import Company, School
from tests.factories import CompanyFactory, MunicipalityFactory, SchoolFactory, UserFactory

from .samples import register_export, register_row

pytestmark = pytest.mark.django_db
INDEX = reverse("imports:import_index")


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["django_language"] = "en"


def upload(client, kind, content, name="fil.csv"):
    return client.post(
        reverse("imports:import_upload", args=[kind]), {"file": SimpleUploadedFile(name, content)}
    )


def register_file():
    return register_export(
        [
            register_row(),
            register_row(INST_NR="741001", INST_NAVN="Samsø Skole", BEL_KOMMUNE="741", KOMMUNE_NR="741"),
        ]
    )


def test_coordinator_previews_then_imports_the_register_for_their_municipality(
    client, coordinator, other_municipality
):
    client.force_login(coordinator)
    response = upload(client, "institutions", register_file())
    run = ImportRun.objects.get()
    assertRedirects(response, reverse("imports:import_preview", args=[run.pk]))
    preview = client.get(response.url)
    text = preview.content.decode()
    assert "1 row to create" in text
    assert "1 row outside your municipalities" in text
    assert "Parkvejens Skole" in text
    assert not School.objects.exists()  # nothing written by the preview

    response = client.post(reverse("imports:import_confirm", args=[run.pk]))
    assertRedirects(response, INDEX)
    school = School.objects.get()
    assert (school.name, school.municipality) == ("Parkvejens Skole", coordinator.municipalities.get())
    assert school.history.get().history_user == coordinator
    run.refresh_from_db()
    assert run.imported_at and run.content == b"" and run.summary["created"] == 1
    # Confirmed once: the upload is gone, a second confirm finds nothing.
    assert client.post(reverse("imports:import_confirm", args=[run.pk])).status_code == 404


def test_errors_are_listed_by_row_and_column_in_danish(client, coordinator):
    client.force_login(coordinator)
    client.cookies["django_language"] = "da"
    content = "Skole;Kommune;Postnummer\r\nNy Skole;Odder;83000\r\n".encode("cp1252")
    response = client.get(upload(client, "schools", content).url)
    text = response.content.decode()
    message = "Denne værdi må højst have 4 tegn (den har 5)."
    assert f"<tr><td>2</td><td>Postnummer</td><td>{message}</td></tr>" in text
    assert not School.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02garbage", "This is not a CSV file"),
        (b"Navn,By\r\nX,Y\r\n", "missing"),
        (b"PK\x03\x04broken", "This is not a CSV file"),
    ],
)
def test_hostile_files_get_a_clear_message_never_a_500(client, coordinator, content, message):
    client.force_login(coordinator)
    response = client.get(upload(client, "schools", content).url)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_formula_is_kept_as_text_and_escaped(client, coordinator):
    client.force_login(coordinator)
    content = b'Skole;Kommune\r\n=HYPERLINK("http://x");Odder\r\n<script>x</script>;Odder\r\n'
    response = client.get(upload(client, "schools", content).url)
    assert response.status_code == 200
    assert "<script>x</script>" not in response.content.decode()


def test_outside_the_users_municipalities_nothing_is_changed(client, coordinator, other_municipality):
    school = SchoolFactory(municipality=other_municipality, name="Samsø Skole", institution_number="741001")
    client.force_login(coordinator)
    run_url = upload(client, "institutions", register_file()).url
    client.post(run_url + "confirm/")
    school.refresh_from_db()
    assert school.history.count() == 1


def test_someone_elses_upload_does_not_exist(client, coordinator, municipality):
    other = UserFactory(role="coordinator")
    other.municipalities.add(municipality)
    client.force_login(other)
    url = upload(client, "institutions", register_file()).url
    run = ImportRun.objects.get()
    client.force_login(coordinator)
    assert client.get(url).status_code == 404
    assert client.post(reverse("imports:import_confirm", args=[run.pk])).status_code == 404
    assert client.post(reverse("imports:import_discard", args=[run.pk])).status_code == 404


@pytest.mark.parametrize("who", ["viewer", "outsider"])
def test_viewers_and_users_without_a_role_may_not_import(client, viewer, who):
    client.force_login(viewer if who == "viewer" else UserFactory())
    assert client.get(INDEX).status_code == 403
    assert upload(client, "schools", b"Skole;Kommune\r\n").status_code == 403


def test_discard_deletes_the_upload(client, coordinator):
    client.force_login(coordinator)
    upload(client, "institutions", register_file())
    run = ImportRun.objects.get()
    assertRedirects(client.post(reverse("imports:import_discard", args=[run.pk])), INDEX)
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["schools", "companies", "agreements"])
def test_templates_are_offered_for_download(client, coordinator, kind, extension):
    client.force_login(coordinator)
    response = client.get(reverse("imports:template_download", args=[kind, extension]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{extension}"')
    assert reverse("imports:template_download", args=[kind, extension]) in client.get(INDEX).content.decode()


def test_an_unknown_template_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("imports:template_download", args=["nonsense", "csv"])).status_code == 404
    assert client.get(reverse("imports:template_download", args=["schools", "exe"])).status_code == 404


def test_an_administrator_imports_into_any_municipality(client, superuser):
    MunicipalityFactory(name="Odder", code="0727", slug="odder")
    MunicipalityFactory(name="Samsø", code="0741", slug="samsoe")
    client.force_login(superuser)
    client.post(upload(client, "institutions", register_file()).url + "confirm/")
    assert School.objects.count() == 2


def test_a_file_over_the_row_limit_is_refused_politely(client, coordinator, settings):
    settings.IMPORT_MAX_ROWS = 10
    client.force_login(coordinator)
    content = ("Skole;Kommune\r\n" + "".join(f"Skole {n};Odder\r\n" for n in range(11))).encode()
    response = client.get(upload(client, "schools", content).url)
    assert response.status_code == 200
    assert "more than 10 rows" in response.content.decode()
    assert not School.objects.exists()


def test_associations_without_a_cvr_number_are_imported_and_look_alikes_shown_first(
    client, coordinator, municipality, other_municipality
):
    CompanyFactory(
        name="Odder Cykelklub", cvr="", kind=Company.Kind.ASSOCIATION, municipality=other_municipality
    )
    client.force_login(coordinator)
    assert "associations and organisations without one by their name" in client.get(INDEX).content.decode()
    content = (
        b"Virksomhed;CVR-nummer;Kommune;Type;Kontaktperson\r\n"
        b"Odder Cykelklub;;Odder;association;Eva Dam\r\n"
        b"Ny Virksomhed ApS;;Odder;;\r\n"
    )
    response = client.get(upload(client, "companies", content).url)
    text = response.content.decode()
    assert "1 new company that looks like a registered one" in text
    assert (
        "<tr><td>2</td><td>Virksomhed</td><td>Odder Cykelklub in Samsø has the same name.</td></tr>" in text
    )
    assert "<tr><td>3</td><td>CVR-nummer</td><td>A company needs its CVR number." in text

    client.post(reverse("imports:import_confirm", args=[ImportRun.objects.get().pk]))
    club = Company.objects.get(municipality=municipality)
    assert (club.name, club.cvr, club.kind) == ("Odder Cykelklub", "", Company.Kind.ASSOCIATION)
    assert list(club.contacts.values_list("name", flat=True)) == ["Eva Dam"]
    # The same file again finds the association by its name: nothing new.
    response = client.get(upload(client, "companies", content).url)
    assert "1 row already as in the portal" in response.content.decode()
