import datetime

import pytest
from django import forms
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from partnerships.models import Company, ContactPerson, School
from tests.factories import (
    AgreementFactory,
    CompanyFactory,
    ContactPersonFactory,
    ProgrammeParticipationFactory,
    SchoolFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def english():
    with translation.override("en"):
        yield


VALID_CVR = "12345674"  # 1*2+2*7+3*6+4*5+5*4+6*3+7*2+4*1 = 110, divisible by 11


class CompanyForm(forms.ModelForm):
    class Meta:
        model = Company
        fields = ["name", "cvr", "municipality"]


def company_form(municipality, cvr):
    return CompanyForm(
        data={"name": "Test ApS", "cvr": cvr, "kind": "company", "municipality": municipality.pk}
    )


@pytest.mark.parametrize("typed", ["12345674", "12 34 56 74", "DK12345674", "dk 12 34 56 74", " 1234-5674 "])
def test_cvr_typed_with_spaces_or_dk_prefix_is_stored_as_eight_digits(municipality, typed):
    form = company_form(municipality, typed)
    assert form.is_valid(), form.errors
    assert form.save().cvr == VALID_CVR


def test_cvr_is_normalised_on_save_outside_forms(municipality):
    company = Company.objects.create(name="Import A/S", cvr="DK 12 34 56 74", municipality=municipality)
    company.refresh_from_db()
    assert company.cvr == VALID_CVR


def test_cvr_with_wrong_check_digit_is_refused_with_a_clear_message(municipality, english):
    form = company_form(municipality, "12345675")
    assert not form.is_valid()
    assert "check digit" in form.errors["cvr"][0]


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [("1234567", "exactly 8 digits"), ("1234567a", "exactly 8 digits"), ("02345674", "cannot start with 0")],
)
def test_cvr_of_wrong_shape_is_refused(municipality, typed, fragment, english):
    form = company_form(municipality, typed)
    assert not form.is_valid()
    assert fragment in form.errors["cvr"][0]


def test_cvr_error_is_in_danish_when_danish_is_active(municipality):
    with translation.override("da"):
        form = company_form(municipality, "12345675")
        assert not form.is_valid()
        assert "kontrolciffer" in form.errors["cvr"][0]


def test_duplicate_cvr_is_refused_by_the_database(municipality):
    CompanyFactory(cvr=VALID_CVR, municipality=municipality)
    with pytest.raises(IntegrityError), transaction.atomic():
        Company.objects.create(name="Copy", cvr="DK12345674", municipality=municipality)


def test_duplicate_cvr_is_explained_by_the_form(municipality, english):
    CompanyFactory(cvr=VALID_CVR, municipality=municipality)
    form = company_form(municipality, "12 34 56 74")
    assert not form.is_valid()
    assert "already registered" in " ".join(form.errors.get("cvr", []) + form.errors.get("__all__", []))


def test_end_date_before_start_date_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementFactory(start_date=datetime.date(2025, 8, 1), end_date=datetime.date(2025, 7, 31))


def test_end_date_on_start_date_is_allowed():
    agreement = AgreementFactory(start_date=datetime.date(2025, 8, 1), end_date=datetime.date(2025, 8, 1))
    assert agreement.pk


def test_contact_person_on_both_school_and_company_is_refused(school, company):
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactPerson.objects.create(name="Both", school=school, company=company)


def test_contact_person_on_neither_school_nor_company_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactPerson.objects.create(name="Nobody")


def test_contact_person_on_a_company_only_is_fine(company):
    contact = ContactPersonFactory(school=None, company=company)
    assert contact.organisation == company


def test_duplicate_participation_is_refused(municipality):
    participation = ProgrammeParticipationFactory(municipality=municipality)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeParticipationFactory(programme=participation.programme, municipality=municipality)


def test_duplicate_institution_number_is_refused(municipality):
    SchoolFactory(municipality=municipality, institution_number="751001")
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolFactory(municipality=municipality, institution_number="751001")


def test_schools_without_institution_number_do_not_clash(municipality):
    SchoolFactory(municipality=municipality, institution_number="")
    SchoolFactory(municipality=municipality, institution_number="")
    assert School.objects.filter(institution_number="").count() == 2


def test_municipality_code_must_have_four_characters(db):
    from partnerships.models import Municipality

    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.create(name="Short", code="751", slug="short")


@pytest.mark.parametrize(
    ("kind", "stage"),
    [
        (School.Kind.FOLKESKOLE, School.Stage.PRIMARY),
        (School.Kind.TENTH_GRADE, School.Stage.PRIMARY),
        (School.Kind.HTX, School.Stage.YOUTH),
        (School.Kind.VOCATIONAL, School.Stage.YOUTH),
        (School.Kind.PRODUCTION, School.Stage.YOUTH),
    ],
)
def test_school_stage_follows_its_kind(municipality, kind, stage):
    school = SchoolFactory(municipality=municipality, kind=kind)
    assert school.stage == stage
    assert (school in School.objects.youth_educations()) == (stage == School.Stage.YOUTH)


def test_admin_accepts_cvr_with_dk_prefix(client, superuser, municipality):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:partnerships_company_add"),
        {
            "name": "Admin A/S",
            "cvr": "DK 12 34 56 74",
            "kind": "company",
            "municipality": municipality.pk,
            "host_status": "approved",
            "hosting_capacity": 2,
            "contacts-TOTAL_FORMS": 0,
            "contacts-INITIAL_FORMS": 0,
            "production_units-TOTAL_FORMS": 0,
            "production_units-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Company.objects.get(name="Admin A/S").cvr == VALID_CVR
