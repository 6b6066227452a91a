"""Gives the roles their offboarding rights and schedules the daily deadline sweep (F10):
08:00 Asia/Shanghai, editable in the admin (django-celery-beat)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SWEEP = "offboarding.sweep_deadlines"


def roles_and_schedule(apps, schema_editor):
    from personnel.roles import roles_sync

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    roles_sync(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))

    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    daily_8, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="8", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Asia/Shanghai",
    )  # fmt: skip
    PeriodicTask.objects.get_or_create(name=SWEEP, defaults={"task": SWEEP, "crontab": daily_8})


class Migration(migrations.Migration):
    dependencies = [
        ("offboarding", "0001_initial"),
        ("personnel", "0002_roles"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(roles_and_schedule, migrations.RunPython.noop)]
