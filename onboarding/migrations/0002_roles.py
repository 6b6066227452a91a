"""Gives the roles their onboarding rights (personnel.roles)."""

from django.db import migrations

from personnel.roles import roles_migrate


class Migration(migrations.Migration):
    dependencies = [
        ("onboarding", "0001_initial"),
        ("personnel", "0004_appointment_approved_on"),
    ]

    operations = [migrations.RunPython(roles_migrate, migrations.RunPython.noop)]
