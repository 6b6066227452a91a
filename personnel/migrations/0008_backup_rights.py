"""The system administrator sees and starts backups (R4)."""

from django.db import migrations

from personnel.roles import roles_migrate


class Migration(migrations.Migration):
    dependencies = [
        ("personnel", "0007_administrator_roles"),
        ("audit", "0009_backups"),
    ]

    operations = [migrations.RunPython(roles_migrate, migrations.RunPython.noop)]
