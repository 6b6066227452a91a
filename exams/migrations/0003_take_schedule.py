"""Schedules the hand-in of papers past their deadline (every five minutes)."""

from django.db import migrations

from audit.schedules import periodic_task_ensure


def schedule(apps, schema_editor):
    periodic_task_ensure(apps, "exams.submit_overdue_papers", minute="*/5")


class Migration(migrations.Migration):
    dependencies = [
        ("exams", "0002_roles"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, migrations.RunPython.noop)]
