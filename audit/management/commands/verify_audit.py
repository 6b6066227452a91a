from django.core.management.base import BaseCommand, CommandError

from audit.models import AccessLog
from audit.services import chain_verify


class Command(BaseCommand):
    help = "Check the access log's hash chain; report the first broken or missing link."

    def handle(self, *args, **options):
        checked, problem = chain_verify(AccessLog.objects.order_by("id").iterator(2000))
        if problem:
            raise CommandError(f"access log chain broken after {checked} good entries: {problem}")
        self.stdout.write(f"access log intact: {checked} entries, chain verified")
