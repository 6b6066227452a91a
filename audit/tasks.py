from celery import shared_task
from django.conf import settings

from . import exports
from .scheduling import scheduled_task


# Celery stops a render past its time limit (soft: the export fails cleanly; hard: the process
# is killed and the reaper fails the export). The solo pool has no time limits: the reaper
# catches those runs too.
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


@scheduled_task("audit.clean_orphan_permissions")
def clean_orphan_permissions() -> int:
    """Weekly: generic object permissions whose object is gone (the direct foreign-key
    tables cascade by themselves)."""
    from guardian.utils import clean_orphan_obj_perms

    return clean_orphan_obj_perms()


@scheduled_task("audit.backup_daily")
def backup_daily() -> str:
    """Daily: one archive, then only the newest BACKUP_KEEP are kept."""
    from .backups import backup_create, backups_prune

    run = backup_create()
    backups_prune(keep=settings.BACKUP_KEEP)
    return run.file_name


@scheduled_task("audit.checkpoint_write")
def checkpoint_write() -> str:
    """Daily: the signed checkpoint of the access log's head (audit.checkpoints)."""
    from .checkpoints import checkpoint_write

    return str(checkpoint_write().path)
