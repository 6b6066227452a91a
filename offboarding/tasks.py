from celery import shared_task

from personnel.services import system_user

from . import sweeps


@shared_task(name="offboarding.sweep_deadlines")
def sweep_deadlines() -> dict:
    return sweeps.sweep_deadlines(actor=system_user())


@shared_task(name="offboarding.access_revoke_due")
def access_revoke_due() -> int:
    """Runs at the end of a last day; the daily sweep catches up if this one is lost."""
    return sweeps.logins_deactivate_due(actor=system_user())
