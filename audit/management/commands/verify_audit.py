from django.core.management.base import BaseCommand, CommandError

from audit.chain import chain_verify
from audit.checkpoints import checkpoints_verify
from audit.models import AccessLog


class Command(BaseCommand):
    help = (
        "Check the access log's keyed hash chain and every daily checkpoint of its head; "
        "report each broken link, altered or missing entry, and bad checkpoint."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoint-dir",
            help="check the checkpoints in this folder (an auditor's copy) instead of "
            "AUDIT_CHECKPOINT_DIR",
        )

    def handle(self, *args, checkpoint_dir=None, **options):
        checked, chain_problem = chain_verify(AccessLog.objects.order_by("id").iterator(2000))
        checkpoints, problems = checkpoints_verify(directory=checkpoint_dir)
        if chain_problem:
            problems.insert(
                0, f"access log chain broken after {checked} good entries: {chain_problem}"
            )
        if problems:
            summary = f"access log NOT intact ({checkpoints} checkpoints checked):"
            raise CommandError("\n".join([summary, *problems]))
        self.stdout.write(
            f"access log intact: {checked} entries, chain verified, "
            f"{checkpoints} checkpoints checked"
        )
