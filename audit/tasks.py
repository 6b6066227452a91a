from django.conf import settings

from .scheduling import scheduled_task


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
