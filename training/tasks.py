from celery import shared_task

from personnel.services import system_user

from . import services, sweeps


@shared_task(name="training.assign_monthly")
def assign_monthly() -> dict:
    return services.assign_monthly(actor=system_user())


@shared_task(name="training.sweep_reminders")
def sweep_reminders() -> dict:
    return sweeps.sweep_reminders(actor=system_user())
