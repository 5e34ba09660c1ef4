"""The demo data written back for later tests (`tests.demo_rows`) is what `seed_demo` wrote."""

import pytest
from django.db import connection, transaction

from partnerships.models import CooperationAgreement, User
from tests import demo_rows
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def test_the_rows_written_back_are_seed_demos_and_new_rows_still_get_free_keys():
    for _ in range(2):  # the second time at the latest, the rows are written back
        if connection.vendor == "postgresql":  # keys from 1 again, as in a new database (SQLite's roll back)
            with connection.cursor() as cursor:
                cursor.execute("SELECT setval(pg_get_serial_sequence('partnerships_school', 'id'), 1, false)")
        with transaction.atomic():
            demo_rows.seed_demo()
            with connection.cursor() as cursor:
                contents = {table: demo_rows.table_rows(cursor, table) for table in demo_rows.KEPT["tables"]}
            coordinator = User.objects.get(email="koordinator@example.com")
            assert CooperationAgreement.objects.visible_to(coordinator).exists()
            SchoolFactory()  # a key after the written rows (the sequences were moved past them)
            transaction.set_rollback(True)
    assert contents == {table: after for table, (_before, after) in demo_rows.KEPT["tables"].items()}
    assert {"partnerships_cooperationagreement", "partnerships_historicalschool"} <= contents.keys()
