"""Gives the roles their archive rights; schedules the daily archive sweep (08:10,
Asia/Shanghai): loan reminders and overdue notices, missing items reaching 10/60 days."""

from django.db import migrations

from audit.schedules import periodic_task_ensure
from personnel.roles import roles_migrate


def roles_and_schedule(apps, schema_editor):
    roles_migrate(apps, schema_editor)
    periodic_task_ensure(apps, "archives.sweep", minute="10", hour="8")


class Migration(migrations.Migration):
    dependencies = [
        ("archives", "0001_initial"),
        ("clearance", "0002_roles_and_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(roles_and_schedule, migrations.RunPython.noop)]
