from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from audit.backups import backup_create, backup_directory, backups_prune


class Command(BaseCommand):
    help = (
        "Write one backup archive (database dump, uploaded files, audit checkpoints and a "
        "manifest) into BACKUP_DIR, encrypted when BACKUP_KEY is set; keep the newest "
        "BACKUP_KEEP."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="folder for the archive (default BACKUP_DIR)")

    def handle(self, *args, **options):
        directory = options["output"] or backup_directory()
        try:
            run = backup_create(directory=directory)
        except Exception as error:
            raise CommandError(f"backup failed: {error}") from error
        removed = backups_prune(keep=settings.BACKUP_KEEP, directory=directory)
        self.stdout.write(
            f"backup written: {directory}/{run.file_name} ({run.size} bytes, {run.rows} rows, "
            f"{run.files} files{', encrypted' if run.encrypted else ''}); "
            f"{len(removed)} older removed"
        )
