"""HostSignup, formerly partnerships.HostSignup: the table "partnerships_hostsignup" is kept as it is."""

import django.core.validators
import django.db.models.deletion
import partnerships.fields
from django.conf import settings
from django.db import migrations, models


def rename_content_types(apps, schema_editor):
    """Admin log entries and permissions follow the model to its new app."""
    content_types = apps.get_model("contenttypes", "ContentType")
    if content_types.objects.filter(app_label="partnerships", model="hostsignup").exists():
        content_types.objects.filter(app_label="hosting", model="hostsignup").delete()  # an empty twin
        content_types.objects.filter(app_label="partnerships", model="hostsignup").update(app_label="hosting")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('partnerships', '0004_move_programmes_in_and_host_signups_out'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HostSignup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='name of the company')),
                        ('cvr', partnerships.fields.CVRField(verbose_name='CVR number')),
                        ('kind', models.CharField(choices=[('company', 'Company'), ('organisation', 'Organisation'), ('association', 'Association')], default='company', max_length=20, verbose_name='kind')),
                        ('address', models.CharField(max_length=200, verbose_name='address')),
                        ('postcode', models.CharField(max_length=4, validators=[django.core.validators.RegexValidator('^[0-9]{4}$', 'Enter exactly 4 digits.', code='four_digits')], verbose_name='postcode')),
                        ('sector', models.CharField(blank=True, choices=[('manufacturing', 'Manufacturing and production'), ('food', 'Food and agriculture'), ('construction', 'Construction'), ('energy', 'Energy and utilities'), ('it', 'IT and communication'), ('trade', 'Trade and transport'), ('service', 'Business services'), ('health', 'Health and care'), ('public', 'Public sector'), ('other', 'Other')], max_length=20, verbose_name='sector')),
                        ('employee_band', models.CharField(blank=True, choices=[('1-9', '1–9 employees'), ('10-49', '10–49 employees'), ('50-249', '50–249 employees'), ('250+', '250 or more employees')], max_length=10, verbose_name='number of employees')),
                        ('website', partnerships.fields.HttpsURLField(blank=True, verbose_name='website')),
                        ('hosting_capacity', models.PositiveSmallIntegerField(default=1, help_text='How many classes the company can host in a HOP-IN week (0 to 50).', validators=[django.core.validators.MaxValueValidator(50)], verbose_name='hosting capacity')),
                        ('contact_name', models.CharField(max_length=200, verbose_name='your name')),
                        ('contact_role', models.CharField(blank=True, max_length=200, verbose_name='your job title')),
                        ('contact_email', models.EmailField(max_length=254, verbose_name='your email address')),
                        ('contact_phone', partnerships.fields.DanishPhoneField(blank=True, max_length=20, verbose_name='your phone number')),
                        ('language', models.CharField(default='da', editable=False, max_length=10, verbose_name='language')),
                        ('status', models.CharField(choices=[('unverified', 'Email address not yet confirmed'), ('waiting', 'Awaiting approval'), ('known', 'Company already registered'), ('approved', 'Approved'), ('rejected', 'Rejected')], default='unverified', max_length=12, verbose_name='status')),
                        ('consented_at', models.DateTimeField(verbose_name='consent given at')),
                        ('submitted_at', models.DateTimeField(auto_now_add=True, verbose_name='submitted at')),
                        ('verified_at', models.DateTimeField(blank=True, null=True, verbose_name='email confirmed at')),
                        ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                        ('rejection_reason', models.TextField(blank=True, verbose_name='reason for the rejection')),
                        ('company', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='host_signups', to='partnerships.company', verbose_name='company')),
                        ('contact', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='host_signups', to='partnerships.contactperson', verbose_name='contact person')),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='host_signups', to='partnerships.municipality', verbose_name='municipality')),
                        ('programmes_of_interest', models.ManyToManyField(blank=True, related_name='host_signups', to='partnerships.programme', verbose_name='programmes of interest')),
                    ],
                    options={
                        'verbose_name': 'host sign-up',
                        'verbose_name_plural': 'host sign-ups',
                        'db_table': 'partnerships_hostsignup',
                        'ordering': ['submitted_at'],
                        'indexes': [models.Index(fields=['status', 'municipality'], name='hostsignup_status_municipality')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('hosting_capacity__lte', 50)), name='hostsignup_hosting_capacity_max')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_types, migrations.RunPython.noop),
    ]
