"""Gives the security office and auditors their rights on department inspections (R3);
schedules the daily reminder of overdue rectifications (08:20, Asia/Shanghai)."""

from django.db import migrations

from audit.schedules import periodic_task_ensure
from personnel.roles import roles_migrate


def roles_and_schedule(apps, schema_editor):
    roles_migrate(apps, schema_editor)
    periodic_task_ensure(apps, "clearance.sweep_findings", minute="20", hour="8")


class Migration(migrations.Migration):
    dependencies = [
        ("clearance", "0008_department_inspections"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(roles_and_schedule, migrations.RunPython.noop)]
