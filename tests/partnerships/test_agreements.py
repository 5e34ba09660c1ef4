import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pytest_django.asserts import assertContains, assertRedirects

from partnerships.models import Company, CooperationAgreement
from tests.factories import AgreementFactory, CompanyFactory, ContactPersonFactory, SchoolFactory

pytestmark = pytest.mark.django_db
Status = CooperationAgreement.Status


def form_data(school, company, **overrides):
    data = {
        "title": "Produktionsuge",
        "school": school.pk,
        "company": company.pk,
        "programme": "",
        "activities": "Eleverne bygger en prototype.",
        "signed_on": "",
        "start_date": "2026-01-05",
        "end_date": "",
    }
    data.update(overrides)
    return data


def test_coordinator_creates_a_draft_agreement(client, coordinator, school, company):
    client.force_login(coordinator)
    response = client.post(reverse("partnerships:agreement_create"), form_data(school, company))
    agreement = CooperationAgreement.objects.get()
    assertRedirects(response, agreement.get_absolute_url())
    assert agreement.status == Status.DRAFT
    assert agreement.created_by == coordinator
    assert agreement.school.municipality == school.municipality


def test_create_form_errors_are_danish_and_keep_the_input(client, danish, coordinator, school, company):
    client.force_login(coordinator)
    data = form_data(school, company, start_date="2026-02-01", end_date="2026-01-01", title="Mit udkast")
    response = client.post(reverse("partnerships:agreement_create"), data)
    assert response.status_code == 200
    assertContains(response, "Slutdatoen kan ikke ligge før startdatoen.")
    assertContains(response, 'value="Mit udkast"')
    assert not CooperationAgreement.objects.exists()


def test_missing_required_fields_are_explained(client, danish, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("partnerships:agreement_create"), {"title": ""})
    assert response.status_code == 200
    assertContains(response, "Dette felt er påkrævet.")


def test_school_choices_are_limited_to_the_coordinators_municipalities(
    client, coordinator, school, company, other_municipality
):
    foreign_school = SchoolFactory(municipality=other_municipality, name="Fremmed Skole")
    client.force_login(coordinator)
    response = client.get(reverse("partnerships:agreement_create"))
    assert school in response.context["form"].fields["school"].queryset
    assert foreign_school not in response.context["form"].fields["school"].queryset
    response = client.post(reverse("partnerships:agreement_create"), form_data(foreign_school, company))
    assert response.status_code == 200
    assert "school" in response.context["form"].errors


def test_company_choices_are_approved_companies_local_first(
    client, coordinator, municipality, other_municipality
):
    far = CompanyFactory(name="Aaa Fjern", municipality=other_municipality)
    near = CompanyFactory(name="Zzz Lokal", municipality=municipality)
    pending = CompanyFactory(
        name="Afventer", municipality=municipality, host_status=Company.HostStatus.PENDING
    )
    client.force_login(coordinator)
    choices = list(
        client.get(reverse("partnerships:agreement_create")).context["form"].fields["company"].queryset
    )
    assert choices.index(near) < choices.index(far)
    assert pending not in choices


def test_contact_person_must_belong_to_the_school_or_company(
    client, coordinator, school, company, municipality
):
    stranger = ContactPersonFactory(school=SchoolFactory(municipality=municipality))
    client.force_login(coordinator)
    data = form_data(school, company, contact_persons=[stranger.pk])
    response = client.post(reverse("partnerships:agreement_create"), data)
    assert "contact_persons" in response.context["form"].errors


def test_activation_asks_for_confirmation_and_tells_the_goal_effect(client, coordinator, school, company):
    agreement = AgreementFactory(school=school, company=company, status=Status.DRAFT, signed_on=None)
    client.force_login(coordinator)
    url = reverse("partnerships:agreement_activate", args=[agreement.pk])
    response = client.get(url)
    assert response.context["effect"]["count_now"] == 0
    assert response.context["effect"]["count_after"] == 1
    agreement.refresh_from_db()
    assert agreement.status == Status.DRAFT  # GET changes nothing
    response = client.post(url)
    assertRedirects(response, agreement.get_absolute_url())
    agreement.refresh_from_db()
    assert agreement.status == Status.ACTIVE
    assert agreement.signed_on is not None
    assert agreement.version == 2


def test_ending_an_agreement_stops_it_counting_after_its_last_day(client, coordinator, school, company):
    agreement = AgreementFactory(school=school, company=company, start_date=datetime.date(2025, 1, 1))
    client.force_login(coordinator)
    url = reverse("partnerships:agreement_end", args=[agreement.pk])
    response = client.get(url)
    assert response.context["form"]["end_date"].initial == timezone.localdate()
    assert response.context["effect"]["count_after"] == 1  # ended today: today still counts
    client.post(url, {"end_date": timezone.localdate().isoformat()})
    agreement.refresh_from_db()
    assert agreement.status == Status.ENDED
    assert agreement.end_date == timezone.localdate()
    assert CooperationAgreement.objects.counting().exists()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert not CooperationAgreement.objects.counting(tomorrow).exists()
    transition = agreement.transitions.get()
    assert (transition.from_status, transition.to_status, transition.by) == ("active", "ended", coordinator)


def test_cancelling_a_draft(client, coordinator, school, company):
    agreement = AgreementFactory(school=school, company=company, status=Status.DRAFT)
    client.force_login(coordinator)
    url = reverse("partnerships:agreement_cancel", args=[agreement.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200  # a reason is required: the form again
    agreement.refresh_from_db()
    assert agreement.status == Status.DRAFT
    client.post(url, {"reason": "Indtastet ved en fejl"})
    agreement.refresh_from_db()
    assert agreement.status == Status.CANCELLED
    assert agreement.transitions.get().reason == "Indtastet ved en fejl"


def test_impossible_status_change_is_refused_with_a_message(client, danish, coordinator, school, company):
    agreement = AgreementFactory(school=school, company=company, status=Status.CANCELLED)
    client.force_login(coordinator)
    response = client.post(reverse("partnerships:agreement_activate", args=[agreement.pk]), follow=True)
    assertContains(response, "kan ikke ændres på denne måde")
    agreement.refresh_from_db()
    assert agreement.status == Status.CANCELLED


def test_edit_saves_and_records_history(client, coordinator, school, company):
    agreement = AgreementFactory(school=school, company=company, title="Gammel titel")
    client.force_login(coordinator)
    url = reverse("partnerships:agreement_update", args=[agreement.pk])
    data = form_data(school, company, title="Ny titel", start_date="2025-08-01", version=agreement.version)
    assertRedirects(client.post(url, data), agreement.get_absolute_url())
    agreement.refresh_from_db()
    assert agreement.title == "Ny titel"
    assert agreement.updated_by == coordinator
    latest = agreement.history.first()
    assert latest.history_user == coordinator
    detail = client.get(agreement.get_absolute_url())
    assertContains(detail, "Gammel titel")
    assertContains(detail, "Ny titel")


def test_second_concurrent_save_is_refused_and_keeps_the_input(
    client, coordinator, school, company, municipality
):
    agreement = AgreementFactory(school=school, company=company, title="Start")
    colleague = type(coordinator).objects.create_user(
        email="kollega@example.com", role="coordinator", first_name="Kirsten", last_name="Kollega"
    )
    colleague.municipalities.set([municipality])
    url = reverse("partnerships:agreement_update", args=[agreement.pk])
    loaded_version = agreement.version

    client.force_login(colleague)
    client.post(url, form_data(school, company, title="Kollegaens titel", version=loaded_version))
    client.force_login(coordinator)
    response = client.post(url, form_data(school, company, title="Min titel", version=loaded_version))

    assert response.status_code == 409
    assertContains(response, "Kollegaens titel", status_code=409)
    assertContains(response, "Kirsten Kollega", status_code=409)
    assertContains(response, 'value="Min titel"', status_code=409)
    agreement.refresh_from_db()
    assert agreement.title == "Kollegaens titel"
    # Saving again after seeing the conflict goes through.
    response = client.post(url, form_data(school, company, title="Min titel", version=agreement.version))
    assertRedirects(response, agreement.get_absolute_url())
    agreement.refresh_from_db()
    assert agreement.title == "Min titel"


def test_list_filters_by_status_school_year_and_text(client, coordinator, school, company):
    AgreementFactory(school=school, company=company, title="Robotter", start_date=datetime.date(2024, 9, 1))
    AgreementFactory(
        school=school,
        company=company,
        title="Bæredygtighed",
        status=Status.DRAFT,
        start_date=datetime.date(2026, 9, 1),
    )
    client.force_login(coordinator)
    url = reverse("partnerships:agreement_list")

    def titles(params):
        return [a.title for a in client.get(url, params).context["page"].object_list]

    assert set(titles({})) == {"Robotter", "Bæredygtighed"}
    assert titles({"status": "draft"}) == ["Bæredygtighed"]
    assert titles({"q": "robot"}) == ["Robotter"]
    assert titles({"school_year": "2024"}) == ["Robotter"]
    assert titles({"ordering": "title"}) == ["Bæredygtighed", "Robotter"]
    assert titles({"ordering": "-title"}) == ["Robotter", "Bæredygtighed"]


def test_invalid_filter_values_do_not_break_the_list(client, coordinator):
    client.force_login(coordinator)
    response = client.get(
        reverse("partnerships:agreement_list"),
        {"status": "nonsense", "school": "abc", "school_year": "x", "page": "999", "ordering": "evil"},
    )
    assert response.status_code == 200


def test_list_shows_only_the_coordinators_municipalities(
    client, coordinator, school, company, other_municipality
):
    AgreementFactory(school=school, company=company, title="Min")
    AgreementFactory(school=SchoolFactory(municipality=other_municipality), title="Anden kommunes")
    client.force_login(coordinator)
    response = client.get(reverse("partnerships:agreement_list"))
    assertContains(response, "Min")
    assert "Anden kommunes" not in response.content.decode()


@pytest.mark.parametrize("rows", [5, 50])
def test_list_query_count_does_not_grow(
    client, coordinator, school, company, django_assert_max_num_queries, rows
):
    AgreementFactory.create_batch(rows, school=school, company=company)
    client.force_login(coordinator)
    client.get(reverse("reporting:accessibility"))  # the session is renewed on a first request: not counted
    with django_assert_max_num_queries(13):
        response = client.get(reverse("partnerships:agreement_list"))
    assert len(response.context["page"].object_list) == min(rows, 25)


def test_csv_export_has_danish_headings_and_dates(client, coordinator, school, company):
    AgreementFactory(
        school=school, company=company, title="=HYPERLINK(1)", start_date=datetime.date(2025, 8, 1)
    )
    client.force_login(coordinator)
    response = client.get(reverse("partnerships:agreement_export_csv"), {"status": "active"})
    text = response.content.decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text), delimiter=";"))[:2]
    assert header[:7] == ["Titel", "Kommune", "Skole", "Virksomhed", "CVR-nummer", "Program", "Status"]
    assert "01.08.2025" in row
    assert "Aktiv" in row
    assert row[0].startswith("'=HYPERLINK")
    assert text.splitlines()[1].startswith("\"'=HYPERLINK")  # every text cell quoted


def test_xlsx_export_opens_with_the_filtered_rows(client, coordinator, school, company):
    import io

    AgreementFactory(school=school, company=company, title="Aktiv aftale")
    AgreementFactory(school=school, company=company, title="Kladde", status=Status.DRAFT)
    client.force_login(coordinator)
    response = client.get(reverse("partnerships:agreement_export_xlsx"), {"status": "draft"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "Titel"
    assert [r[0] for r in rows[1:]] == ["Kladde"]
    assert isinstance(rows[1][8], datetime.datetime)


def test_xlsx_export_has_a_bold_frozen_header_danish_dates_and_readable_widths(
    client, coordinator, school, company
):
    import io

    AgreementFactory(
        school=school,
        company=company,
        title="=1+1 en lang titel der fylder godt i kolonnen",
        start_date=datetime.date(2025, 8, 1),
    )
    client.force_login(coordinator)
    response = client.get(reverse("partnerships:agreement_export_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].font.bold and not sheet["A2"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet["A2"].value == "'=1+1 en lang titel der fylder godt i kolonnen"  # never run as a formula
    assert sheet["I2"].number_format == "DD.MM.YYYY" and sheet["I2"].value == datetime.datetime(2025, 8, 1)
    # Wide enough for the longest cell (Excel adds its own padding of under a character).
    assert int(sheet.column_dimensions["A"].width) == len(sheet["A2"].value) + 2
