from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from audit.backups import RestoreRefused, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an empty database and media folder, then check it: "
        "rows per table, file checksums, the access log's chain (verify_audit)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--force", action="store_true", help="overwrite a database and media that hold data"
        )

    def handle(self, *args, **options):
        try:
            result = backup_restore(options["archive"], force=options["force"])
        except RestoreRefused as error:
            raise CommandError(error.message) from error
        if result["problems"]:
            raise CommandError(
                "restored, but it does not match its manifest:\n" + "\n".join(result["problems"])
            )
        call_command("verify_audit", stdout=self.stdout)
        manifest = result["manifest"]
        self.stdout.write(
            f"restored the backup of {manifest['created_at']}: "
            f"{sum(manifest['counts'].values())} rows in {len(manifest['counts'])} tables and "
            f"{len(manifest['files']) - 1} files match the manifest"
        )
