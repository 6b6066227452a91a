from celery import shared_task

from personnel.services import system_user

from . import services


@shared_task(name="clearance.expire_clearances")
def expire_clearances() -> dict:
    return services.expire_clearances(actor=system_user())


@shared_task(name="clearance.sweep_deadlines")
def sweep_deadlines() -> int:
    """Incident clocks (warned hours ahead, so it runs hourly) and the travel reminders
    (deduplicated per day, so they still come once a day)."""
    from . import incidents, travel

    return incidents.sweep_deadlines() + travel.sweep()
