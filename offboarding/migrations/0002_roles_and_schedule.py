"""Gives the roles their offboarding rights and schedules the daily deadline sweep (F10):
08:00 Asia/Shanghai, editable in the admin (django-celery-beat)."""

from django.db import migrations

from audit.schedules import periodic_task_ensure
from personnel.roles import roles_migrate


def roles_and_schedule(apps, schema_editor):
    roles_migrate(apps, schema_editor)
    periodic_task_ensure(apps, "offboarding.sweep_deadlines", hour="8")


class Migration(migrations.Migration):
    dependencies = [
        ("offboarding", "0001_initial"),
        ("personnel", "0002_roles"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(roles_and_schedule, migrations.RunPython.noop)]
