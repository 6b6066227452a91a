"""The security office and auditors read the change history of every record (issue 18)."""

from django.db import migrations

from personnel.roles import roles_migrate


class Migration(migrations.Migration):
    dependencies = [
        ("personnel", "0009_org_delete_rights"),
        ("audit", "0014_change_history_permission"),
    ]

    operations = [migrations.RunPython(roles_migrate, migrations.RunPython.noop)]
