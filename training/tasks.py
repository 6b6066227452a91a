from audit.scheduling import scheduled_task
from personnel.services.accounts import system_user

from . import sweeps


@scheduled_task("training.assign_monthly")
def assign_monthly() -> dict:
    return sweeps.assign_monthly(actor=system_user())


@scheduled_task("training.sweep_reminders")
def sweep_reminders() -> dict:
    return sweeps.sweep_reminders(actor=system_user())
