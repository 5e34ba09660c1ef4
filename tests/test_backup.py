"""export_data / import_data: all of the portal's data survives a trip through a file into a fresh DB."""

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import connection

from partnerships.management.commands.import_data import exported_models
from partnerships.models import CooperationAgreement, User


def snapshot() -> dict[str, list[dict]]:
    """Every exported row with full precision (microseconds, password hashes), users by email."""
    return {
        model._meta.label: serializers.serialize(
            "python", model._base_manager.order_by("pk"), use_natural_foreign_keys=True
        )
        for model in exported_models()
    }


pytestmark = pytest.mark.django_db


def flush() -> None:
    """Empty the database, as a freshly migrated one. On PostgreSQL the rows this test's transaction made
    still have deferred foreign-key checks pending, which TRUNCATE refuses: run them first."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    call_command("flush", interactive=False, verbosity=0)


@pytest.mark.slow
def test_export_and_import_round_trip_exactly(demo_data, tmp_path):
    before = snapshot()
    assert len(before["partnerships.CooperationAgreement"]) > 20
    assert before["partnerships.HistoricalCooperationAgreement"]
    exported = tmp_path / "first.xml"
    call_command("export_data", str(exported), verbosity=0)

    flush()  # a freshly migrated database
    assert not CooperationAgreement.objects.exists()
    call_command("import_data", str(exported), verbosity=0)

    assert snapshot() == before
    again = tmp_path / "second.xml"
    call_command("export_data", str(again), verbosity=0)
    assert again.read_bytes() == exported.read_bytes()
    assert User.objects.get(email="koordinator@example.com").check_password("demo-adgang-2026")


def test_import_refuses_a_database_that_already_holds_data(demo_data, tmp_path):
    exported = tmp_path / "export.xml"
    call_command("export_data", str(exported), verbosity=0)
    with pytest.raises(CommandError, match="already holds data"):
        call_command("import_data", str(exported))


def test_import_dry_run_changes_nothing(tmp_path, capsys):
    call_command("seed_reference", verbosity=0)
    exported = tmp_path / "export.xml"
    call_command("export_data", str(exported), verbosity=0)
    flush()
    call_command("import_data", str(exported), dry_run=True)
    assert "Would import" in capsys.readouterr().out
    assert not any(model._base_manager.exists() for model in exported_models())
