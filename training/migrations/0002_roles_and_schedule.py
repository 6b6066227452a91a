"""Gives the roles their training rights and schedules the monthly assignment (1st, 09:00)
and the daily reminder sweep (08:05), Asia/Shanghai, editable in the admin."""

from django.db import migrations

from audit.schedules import periodic_task_ensure
from personnel.roles import roles_migrate


def roles_and_schedule(apps, schema_editor):
    roles_migrate(apps, schema_editor)
    periodic_task_ensure(apps, "training.assign_monthly", hour="9", day_of_month="1")
    periodic_task_ensure(apps, "training.sweep_reminders", minute="5", hour="8")


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0001_initial"),
        ("personnel", "0003_pre_post_trained_on"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(roles_and_schedule, migrations.RunPython.noop)]
