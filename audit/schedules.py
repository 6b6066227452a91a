"""Default beat schedules (Asia/Shanghai), created by migrations and editable in the admin."""


def periodic_task_ensure(apps, task: str, **crontab) -> None:
    """Create the periodic task with its crontab unless it exists (an admin may have edited it)."""
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    when = {
        "minute": "0",
        "hour": "*",
        "day_of_week": "*",
        "day_of_month": "*",
        "month_of_year": "*",
        **crontab,
    }
    schedule, _ = CrontabSchedule.objects.get_or_create(timezone="Asia/Shanghai", **when)
    PeriodicTask.objects.get_or_create(name=task, defaults={"task": task, "crontab": schedule})
