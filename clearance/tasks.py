from audit.scheduling import scheduled_task
from personnel.services.accounts import system_user

from . import sweeps


@scheduled_task("clearance.expire_clearances")
def expire_clearances() -> dict:
    return sweeps.expire_clearances(actor=system_user())


@scheduled_task("clearance.sweep_deadlines")
def sweep_deadlines() -> int:
    """Incident clocks (warned hours ahead, so it runs hourly) and the travel reminders
    (deduplicated per day, so they still come once a day)."""
    return sweeps.sweep_deadlines()


@scheduled_task("clearance.sweep_findings")
def sweep_findings() -> int:
    """Overdue rectifications of inspection findings, reminded once a day."""
    return sweeps.finding_reminders()
