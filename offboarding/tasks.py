from audit.scheduling import scheduled_task
from personnel.services.accounts import system_user

from . import sweeps


@scheduled_task("offboarding.sweep_deadlines")
def sweep_deadlines() -> dict:
    return sweeps.sweep_deadlines(actor=system_user())


@scheduled_task("offboarding.access_revoke_due")
def access_revoke_due() -> int:
    """Runs at the end of a last day; the daily sweep catches up if this one is lost."""
    return sweeps.logins_deactivate_due(actor=system_user())
