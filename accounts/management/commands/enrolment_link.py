from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from accounts.two_factor import enrolment_link_issue_at_console
from core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Print a one-time second-factor enrolment link for an account, on the server console: "
        "how the first administrators enrol at installation. Afterwards the security "
        "administrator issues links on the Second factor page."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account {username!r}.")
        try:
            token = enrolment_link_issue_at_console(user=user)
        except DomainError as error:
            raise CommandError(error.message) from error
        path = reverse("accounts:otp_enrol", args=[token])
        self.stdout.write(f"{username}: {path}")
        self.stdout.write(
            f"Open it on this server's address (https://<host>{path}) signed in as {username}, "
            f"within {settings.ENROLMENT_LINK_HOURS} hours; it works once. Any earlier link of "
            "this account no longer works."
        )
