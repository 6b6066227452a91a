"""The archivist and the security office record inspection findings: the office, cleared
for 绝密, records the items above the clerk's clearance (A7)."""

from django.db import migrations

from personnel.roles import roles_migrate


class Migration(migrations.Migration):
    dependencies = [("archives", "0009_inspection_finding_repair")]

    operations = [migrations.RunPython(roles_migrate, migrations.RunPython.noop)]
