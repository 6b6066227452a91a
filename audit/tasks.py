from celery import shared_task

from . import exports


@shared_task(name="audit.report_export_run")
def report_export_run(export_id: int) -> None:
    exports.report_export_run(export_id=export_id)


@shared_task(name="audit.clean_orphan_permissions")
def clean_orphan_permissions() -> int:
    """Weekly: generic object permissions whose object is gone (the direct foreign-key
    tables cascade by themselves)."""
    from guardian.utils import clean_orphan_obj_perms

    return clean_orphan_obj_perms()


@shared_task(name="audit.checkpoint_write")
def checkpoint_write() -> str:
    """Daily: the signed checkpoint of the access log's head (audit.checkpoints)."""
    from .checkpoints import checkpoint_write

    return str(checkpoint_write().path)
