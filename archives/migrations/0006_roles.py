"""Gives the roles their rights on inspections, destructions and statistics requests."""

from django.db import migrations

from personnel.roles import roles_migrate


class Migration(migrations.Migration):
    dependencies = [("archives", "0005_statistics_requests")]

    operations = [migrations.RunPython(roles_migrate, migrations.RunPython.noop)]
