from django.db import migrations


def clear_organisation_group_permissions(apps, schema_editor):
    """Roles grant model permissions now (ROLE_PERMISSIONS); groups keep object permissions.

    The council's group used to hold its staff's model permissions: dropped, so that the roles
    table is the only place that says what a role may do.
    """
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(organisation__isnull=False):
        group.permissions.clear()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.RunPython(clear_organisation_group_permissions, migrations.RunPython.noop)
    ]
