from celery import shared_task
from django.conf import settings

from .services import imports


# Past its time limit Celery stops a run (soft: the job fails cleanly, its transaction rolled
# back; hard: the process is killed and the job's page fails it, `imports.import_reap`).
@shared_task(
    name="personnel.import_check",
    soft_time_limit=settings.IMPORT_TIME_LIMIT_SECONDS,
    time_limit=settings.IMPORT_TIME_LIMIT_SECONDS + 30,
)
def import_check(job_id: int) -> None:
    imports.import_check_run(job_id=job_id)


@shared_task(
    name="personnel.import_apply",
    soft_time_limit=settings.IMPORT_TIME_LIMIT_SECONDS,
    time_limit=settings.IMPORT_TIME_LIMIT_SECONDS + 30,
)
def import_apply(job_id: int) -> None:
    imports.import_apply_run(job_id=job_id)
