"""The agreement list's order index (made as SQL by 0005) is now in `CooperationAgreement.Meta.indexes`:
the same index, so only the migration state learns of it; a database made from the models has it too."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0012_viewers_follow_the_default_group")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name="cooperationagreement",
                    index=models.Index(
                        models.F("start_date").desc(),
                        models.F("created_at").desc(),
                        name="agreement_list_order",
                    ),
                )
            ]
        )
    ]
