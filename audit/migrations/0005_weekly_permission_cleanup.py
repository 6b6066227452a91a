"""Schedules guardian's orphan clean-up weekly (Sunday 03:00 Asia/Shanghai, editable)."""

from django.db import migrations

from audit.schedules import periodic_task_ensure


def schedule(apps, schema_editor):
    periodic_task_ensure(apps, "audit.clean_orphan_permissions", hour="3", day_of_week="0")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_chain"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, migrations.RunPython.noop)]
