"""A database made before the apps were reorganised migrates forward without losing a row.

Programme and ProgrammeParticipation moved from `programmes` into the core, HostSignup from `partnerships`
to `hosting`; their tables were kept. The test goes back to the last migrations of that layout, fills the
tables through the models as they were then, migrates forward and reads everything back.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE_THE_MOVE = [
    ("partnerships", "0003_host_signups_and_rate_limits"),
    ("programmes", "0003_add_jetnet_outreach_and_school_network"),
]  # hosting's first migration depends on partnerships' 0004, so it is unapplied with it


def record_the_models_as_migrated():
    """The test database is made from the models (`--no-migrations` in pyproject.toml), which are the
    migrations' end state (`make migrations-check`): record every migration as applied, as a migrated
    database would have them, so that the test can migrate back from there."""
    executor = MigrationExecutor(connection)
    for app_label, name in executor.loader.graph.leaf_nodes():
        for key in executor.loader.graph.forwards_plan((app_label, name)):
            if key not in executor.loader.applied_migrations:
                executor.recorder.record_applied(*key)
                executor.loader.applied_migrations[key] = True


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_programmes_and_host_signups_keep_every_row_when_their_models_move(settings):
    settings.MIGRATION_MODULES = {}  # the apps' own migrations, which the test database was not made with
    record_the_models_as_migrated()
    old = migrate(BEFORE_THE_MOVE)
    try:
        content_types = old.get_model("contenttypes", "ContentType")
        content_types.objects.filter(app_label="partnerships", model="programme").delete()
        content_types.objects.filter(app_label="hosting").delete()
        programme_type, _ = content_types.objects.get_or_create(app_label="programmes", model="programme")
        signup_type, _ = content_types.objects.get_or_create(app_label="partnerships", model="hostsignup")
        municipality = old.get_model("partnerships", "Municipality").objects.create(
            name="Odder", code="0727", slug="odder"
        )
        programme = old.get_model("programmes", "Programme").objects.create(name="HOP-IN", slug="hop-in")
        old.get_model("programmes", "ProgrammeParticipation").objects.create(
            programme=programme, municipality=municipality, status="pilot", from_year=2017
        )
        company = old.get_model("partnerships", "Company").objects.create(
            name="Odder Stål", cvr="12345674", municipality=municipality
        )
        company.programmes_of_interest.add(programme)
        school = old.get_model("partnerships", "School").objects.create(
            name="Parkvejens Skole", municipality=municipality
        )
        old.get_model("partnerships", "CooperationAgreement").objects.create(
            school=school,
            company=company,
            programme=programme,
            title="Produktion i 7. klasse",
            start_date=datetime.date(2025, 8, 1),
        )
        signup = old.get_model("partnerships", "HostSignup").objects.create(
            name="Ny ApS",
            cvr="32345673",
            address="Vej 1",
            postcode="8300",
            municipality=municipality,
            contact_name="Mette Hansen",
            contact_email="mette@example.com",
            consented_at=timezone.now(),
            status="waiting",
            company=company,
        )
        signup.programmes_of_interest.add(programme)

        new = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

        Programme = new.get_model("partnerships", "Programme")
        moved = Programme.objects.get()
        assert (moved.pk, moved.name, moved.slug) == (programme.pk, "HOP-IN", "hop-in")
        participation = new.get_model("partnerships", "ProgrammeParticipation").objects.get()
        assert (participation.municipality_id, participation.status, participation.from_year) == (
            municipality.pk,
            "pilot",
            2017,
        )
        assert list(new.get_model("partnerships", "Company").objects.get().programmes_of_interest.all()) == [
            moved
        ]
        assert (
            new.get_model("partnerships", "CooperationAgreement").objects.get().programme_id == programme.pk
        )
        host_signup = new.get_model("hosting", "HostSignup").objects.get()
        assert (host_signup.pk, host_signup.contact_name, host_signup.company_id) == (
            signup.pk,
            "Mette Hansen",
            company.pk,
        )
        assert list(host_signup.programmes_of_interest.values_list("pk", flat=True)) == [programme.pk]
        labels = set(new.get_model("contenttypes", "ContentType").objects.values_list("app_label", "model"))
        assert {("partnerships", "programme"), ("hosting", "hostsignup")} <= labels
        assert not {("programmes", "programme"), ("partnerships", "hostsignup")} & labels
        content_type = new.get_model("contenttypes", "ContentType").objects
        assert content_type.get(pk=programme_type.pk).app_label == "partnerships"
        assert content_type.get(pk=signup_type.pk).app_label == "hosting"
    finally:
        call_command("migrate", verbosity=0)
