from celery import shared_task

from personnel.services import system_user

from . import services


@shared_task(name="clearance.expire_clearances")
def expire_clearances() -> dict:
    return services.expire_clearances(actor=system_user())


@shared_task(name="clearance.sweep_deadlines")
def sweep_deadlines() -> int:
    from .incidents import sweep_deadlines as sweep

    return sweep()
