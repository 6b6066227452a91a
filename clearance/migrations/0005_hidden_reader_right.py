"""The security office alone sees who read an anonymous report (P7)."""

from django.db import migrations

from personnel.roles import roles_migrate


class Migration(migrations.Migration):
    dependencies = [
        ("clearance", "0004_travel_roles"),
        ("audit", "0006_hidden_reader"),
    ]

    operations = [migrations.RunPython(roles_migrate, migrations.RunPython.noop)]
