"""Schedules guardian's orphan clean-up weekly (Sunday 03:00 Asia/Shanghai, editable)."""

from django.db import migrations

TASK = "audit.clean_orphan_permissions"


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    weekly, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="3", day_of_week="0", day_of_month="*", month_of_year="*",
        timezone="Asia/Shanghai",
    )  # fmt: skip
    PeriodicTask.objects.get_or_create(name=TASK, defaults={"task": TASK, "crontab": weekly})


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_chain"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, migrations.RunPython.noop)]
