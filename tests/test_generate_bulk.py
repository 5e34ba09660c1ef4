import pytest
from django.core.management import CommandError, call_command

from partnerships.fields import validate_cvr
from partnerships.models import Company, ContactPerson, CooperationAgreement, Municipality, School
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

MODELS = (School, Company, ContactPerson, CooperationAgreement)


def counts():
    return [model.objects.count() for model in MODELS]


def test_needs_the_reference_data():
    with pytest.raises(CommandError, match="seed_reference"):
        call_command("generate_bulk", factor=0.01, verbosity=0)


def test_generates_every_municipality_with_history_and_valid_identifiers(reference_data):
    call_command("generate_bulk", factor=0.01, verbosity=0)
    schools, companies, contacts, agreements = counts()
    assert schools >= 6 and companies >= 50 and contacts == 100 and agreements == 200
    for municipality in Municipality.objects.served():  # the default group's twelve
        assert municipality.schools.exists() and municipality.companies.exists()
    for cvr in Company.objects.values_list("cvr", flat=True):
        validate_cvr(cvr)
    assert CooperationAgreement.history.count() == agreements
    assert CooperationAgreement.contact_persons.through.objects.count() >= agreements
    statuses = set(CooperationAgreement.objects.values_list("status", flat=True))
    assert {"active", "ended", "draft"} <= statuses
    for agreement in CooperationAgreement.objects.all():
        assert agreement.end_date is None or agreement.end_date >= agreement.start_date


def test_second_run_changes_nothing_and_reset_leaves_other_data(reference_data):
    own = AgreementFactory()
    call_command("generate_bulk", factor=0.01, verbosity=0)
    before = counts()
    call_command("generate_bulk", factor=0.01, verbosity=0)
    assert counts() == before
    call_command("generate_bulk", factor=0.01, reset=True, verbosity=0)
    assert counts() == before
    own.refresh_from_db()
    assert CooperationAgreement.history.filter(id=own.pk).exists()
