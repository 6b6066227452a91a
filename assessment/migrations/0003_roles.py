"""The security office runs and saves self-assessments; auditors read them."""

from django.db import migrations

from personnel.roles import roles_migrate


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0002_default_personnel_standard"),
        ("personnel", "0011_dossier_entry_reference"),
    ]

    operations = [migrations.RunPython(roles_migrate, migrations.RunPython.noop)]
