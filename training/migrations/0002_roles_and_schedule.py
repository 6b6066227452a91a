"""Gives the roles their training rights and schedules the monthly assignment (1st, 09:00)
and the daily reminder sweep (08:05), Asia/Shanghai, editable in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SCHEDULES = {
    "training.assign_monthly": {"minute": "0", "hour": "9", "day_of_month": "1"},
    "training.sweep_reminders": {"minute": "5", "hour": "8", "day_of_month": "*"},
}


def roles_and_schedule(apps, schema_editor):
    from personnel.roles import roles_sync

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    roles_sync(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))

    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for task, when in SCHEDULES.items():
        crontab, _ = CrontabSchedule.objects.get_or_create(
            day_of_week="*", month_of_year="*", timezone="Asia/Shanghai", **when
        )
        PeriodicTask.objects.get_or_create(name=task, defaults={"task": task, "crontab": crontab})


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0001_initial"),
        ("personnel", "0003_pre_post_trained_on"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(roles_and_schedule, migrations.RunPython.noop)]
