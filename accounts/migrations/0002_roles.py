"""Gives HR the right to end a lockout early (axes' permissions exist from here on)."""

from django.db import migrations

from personnel.roles import roles_migrate


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("axes", "0010_accessattemptexpiration"),
        ("personnel", "0003_pre_post_trained_on"),
    ]

    operations = [migrations.RunPython(roles_migrate, migrations.RunPython.noop)]
