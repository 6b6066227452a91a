from audit.scheduling import scheduled_task
from personnel.services.accounts import system_user

from .sweeps import archive_sweep


@scheduled_task("archives.sweep")
def sweep() -> dict:
    return archive_sweep(actor=system_user())
