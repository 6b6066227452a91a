from celery import shared_task

from personnel.services import system_user

from . import services


@shared_task(name="archives.sweep")
def sweep() -> dict:
    return services.archive_sweep(actor=system_user())
