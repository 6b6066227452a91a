"""HR and the system administrator delete an empty department or post, in the app (issue 17)."""

from django.db import migrations

from personnel.roles import roles_migrate


class Migration(migrations.Migration):
    dependencies = [("personnel", "0008_backup_rights")]

    operations = [migrations.RunPython(roles_migrate, migrations.RunPython.noop)]
