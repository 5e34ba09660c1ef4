from django.db import migrations


def follow_default_group(apps, schema_editor):
    """Regional viewers read every served municipality until now: they follow the default group."""
    User = apps.get_model("partnerships", "User")
    MunicipalityGroup = apps.get_model("partnerships", "MunicipalityGroup")
    default = MunicipalityGroup.objects.order_by("-is_default", "name").first()
    if default is None:
        return
    for viewer in User.objects.filter(role="viewer", viewer_groups__isnull=True):
        viewer.viewer_groups.add(default)


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0011_add_user_viewer_groups"),
    ]

    operations = [
        migrations.RunPython(follow_default_group, migrations.RunPython.noop),
    ]
