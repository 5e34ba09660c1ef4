"""Programme and ProgrammeParticipation now live in partnerships (see its migration 0004); tables unchanged."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('programmes', '0003_add_jetnet_outreach_and_school_network'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='programmeparticipation',
                    name='programme',
                ),
                migrations.RemoveField(
                    model_name='programmeparticipation',
                    name='municipality',
                ),
                migrations.DeleteModel(
                    name='Programme',
                ),
                migrations.DeleteModel(
                    name='ProgrammeParticipation',
                ),
            ],
            database_operations=[],
        ),
    ]
