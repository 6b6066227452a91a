from audit.scheduling import scheduled_task
from personnel.services.accounts import system_user

from . import sweeps


@scheduled_task("exams.submit_overdue_papers")
def submit_overdue_papers() -> dict:
    return sweeps.papers_overdue_submit(actor=system_user())
