from audit.scheduling import scheduled_task
from personnel.services import system_user

from . import services


@scheduled_task("archives.sweep")
def sweep() -> dict:
    return services.archive_sweep(actor=system_user())
