"""Programme and ProgrammeParticipation move into the core (their tables stay "programmes_*"), HostSignup
moves to the hosting app (its table stays "partnerships_hostsignup"): only Django's state changes."""

import django.db.models.deletion
import partnerships.fields
from django.db import migrations, models


def rename_content_types(apps, schema_editor):
    """Admin log entries and permissions follow the models to their new app."""
    content_types = apps.get_model("contenttypes", "ContentType")
    for model in ("programme", "programmeparticipation"):
        if content_types.objects.filter(app_label="programmes", model=model).exists():
            content_types.objects.filter(app_label="partnerships", model=model).delete()  # an empty twin
            content_types.objects.filter(app_label="programmes", model=model).update(app_label="partnerships")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('programmes', '0003_add_jetnet_outreach_and_school_network'),
        ('partnerships', '0003_host_signups_and_rate_limits'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Programme',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, unique=True, verbose_name='name')),
                        ('slug', models.SlugField(unique=True, verbose_name='slug')),
                        ('short_description', models.TextField(blank=True, verbose_name='short description (Danish)')),
                        ('short_description_en', models.TextField(blank=True, verbose_name='short description (English)')),
                        ('coordinator', models.CharField(blank=True, max_length=200, verbose_name='coordinating organisation')),
                        ('funder', models.CharField(blank=True, max_length=300, verbose_name='funder')),
                        ('funding_dkk', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='funding (DKK)')),
                        ('start_year', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='start year')),
                        ('end_year', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='end year')),
                        ('website', partnerships.fields.HttpsURLField(blank=True, verbose_name='website')),
                    ],
                    options={
                        'verbose_name': 'programme',
                        'verbose_name_plural': 'programmes',
                        'db_table': 'programmes_programme',
                        'ordering': ['name'],
                    },
                ),
                migrations.AlterField(
                    model_name='company',
                    name='programmes_of_interest',
                    field=models.ManyToManyField(blank=True, related_name='interested_companies', to='partnerships.programme', verbose_name='programmes of interest'),
                ),
                migrations.AlterField(
                    model_name='cooperationagreement',
                    name='programme',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='agreements', to='partnerships.programme', verbose_name='programme'),
                ),
                migrations.AlterField(
                    model_name='historicalcompany_programmes_of_interest',
                    name='programme',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='partnerships.programme'),
                ),
                migrations.AlterField(
                    model_name='historicalcooperationagreement',
                    name='programme',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='partnerships.programme', verbose_name='programme'),
                ),
                migrations.CreateModel(
                    name='ProgrammeParticipation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('planned', 'Planned'), ('pilot', 'Pilot'), ('active', 'Active'), ('evaluating', 'Evaluating'), ('ended', 'Ended')], default='planned', max_length=12, verbose_name='status')),
                        ('from_year', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='from year')),
                        ('to_year', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='to year')),
                        ('notes', models.TextField(blank=True, verbose_name='notes')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='participations', to='partnerships.municipality', verbose_name='municipality')),
                        ('programme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='participations', to='partnerships.programme', verbose_name='programme')),
                    ],
                    options={
                        'verbose_name': 'programme participation',
                        'verbose_name_plural': 'programme participations',
                        'db_table': 'programmes_programmeparticipation',
                        'ordering': ['programme__name', 'municipality__name'],
                    },
                ),
                migrations.AddField(
                    model_name='programme',
                    name='municipalities',
                    field=models.ManyToManyField(related_name='programmes', through='partnerships.ProgrammeParticipation', to='partnerships.municipality', verbose_name='participating municipalities'),
                ),
                migrations.DeleteModel(
                    name='HostSignup',
                ),
                migrations.AddConstraint(
                    model_name='programmeparticipation',
                    constraint=models.UniqueConstraint(fields=('programme', 'municipality'), name='participation_unique_programme_municipality', violation_error_message='This municipality already takes part in this programme.'),
                ),
                migrations.AddConstraint(
                    model_name='programmeparticipation',
                    constraint=models.CheckConstraint(condition=models.Q(('to_year__isnull', True), ('from_year__isnull', True), ('to_year__gte', models.F('from_year')), _connector='OR'), name='participation_to_year_not_before_from_year', violation_error_message='The last year cannot be before the first year.'),
                ),
                migrations.AddConstraint(
                    model_name='programme',
                    constraint=models.CheckConstraint(condition=models.Q(('end_year__isnull', True), ('start_year__isnull', True), ('end_year__gte', models.F('start_year')), _connector='OR'), name='programme_end_year_not_before_start', violation_error_message='The end year cannot be before the start year.'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_types, migrations.RunPython.noop),
    ]
