"""Gives HR the right to end a lockout early (axes' permissions exist from here on)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def roles(apps, schema_editor):
    from personnel.roles import roles_sync

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    roles_sync(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("axes", "0010_accessattemptexpiration"),
        ("personnel", "0003_pre_post_trained_on"),
    ]

    operations = [migrations.RunPython(roles, migrations.RunPython.noop)]
