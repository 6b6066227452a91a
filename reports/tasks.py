from celery import shared_task
from django.conf import settings

from audit.scheduling import scheduled_task

from . import exports


# Celery stops a render past its time limit (soft: the export fails cleanly; hard: the process
# is killed and the reaper fails the export). The solo pool has no time limits: the reaper
# catches those runs too. The task names keep their first home's prefix: beat rows and queued
# messages refer to them.
@shared_task(
    name="audit.report_export_run",
    soft_time_limit=settings.EXPORT_TIME_LIMIT_SECONDS,
    time_limit=settings.EXPORT_TIME_LIMIT_SECONDS + 30,
)
def report_export_run(export_id: int) -> None:
    exports.report_export_run(export_id=export_id)


@scheduled_task("audit.exports_reap")
def exports_reap() -> int:
    """Every few minutes: exports whose worker died or ran past its time limit are failed."""
    return exports.exports_reap()
