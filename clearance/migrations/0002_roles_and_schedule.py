"""Gives the roles their clearance rights; schedules the daily expiry (00:05) and the hourly
incident deadline sweep, Asia/Shanghai."""

from django.db import migrations

from audit.schedules import periodic_task_ensure
from personnel.roles import roles_migrate


def roles_and_schedule(apps, schema_editor):
    roles_migrate(apps, schema_editor)
    periodic_task_ensure(apps, "clearance.expire_clearances", minute="5", hour="0")
    # Hourly: a 24-hour deadline cannot wait for a daily run.
    periodic_task_ensure(apps, "clearance.sweep_deadlines", minute="15")


class Migration(migrations.Migration):
    dependencies = [
        ("clearance", "0001_initial"),
        ("personnel", "0003_pre_post_trained_on"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(roles_and_schedule, migrations.RunPython.noop)]
