"""HR keeps the question bank and the exams; the security office draws samples."""

from django.db import migrations

from personnel.roles import roles_migrate


class Migration(migrations.Migration):
    dependencies = [("exams", "0001_initial"), ("personnel", "0011_dossier_entry_reference")]

    operations = [migrations.RunPython(roles_migrate, migrations.RunPython.noop)]
