"""An index in the agreement list's default order (newest start first), so a page of 25 reads 25 rows.

Written as SQL at first; 0013 moved it into `CooperationAgreement.Meta.indexes` (the same index).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0006_add_version_to_school_year_goals")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS agreement_list_order "
            "ON partnerships_cooperationagreement (start_date DESC, created_at DESC)",
            "DROP INDEX IF EXISTS agreement_list_order",
        )
    ]
