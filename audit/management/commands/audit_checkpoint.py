from django.core.management.base import BaseCommand

from audit.checkpoints import checkpoint_write


class Command(BaseCommand):
    help = (
        "Write today's signed checkpoint of the access log's head to AUDIT_CHECKPOINT_DIR "
        "(once a day; an existing checkpoint is never overwritten)."
    )

    def handle(self, *args, **options):
        checkpoint = checkpoint_write()
        if checkpoint.written:
            self.stdout.write(f"checkpoint written: {checkpoint.path}")
        else:
            self.stdout.write(
                f"today's checkpoint exists already, left as it was: {checkpoint.path}"
            )
