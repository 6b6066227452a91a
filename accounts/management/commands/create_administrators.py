import secrets
import string

from django.core.management.base import BaseCommand

from accounts.administrators import ADMINISTRATORS
from accounts.services import administrators_create

ALPHABET = string.ascii_letters + string.digits


def _password() -> str:
    """A random first password with letters and digits (C8)."""
    while True:
        password = "".join(secrets.choice(ALPHABET) for _ in range(16))
        if any(c.isdigit() for c in password) and any(c.isalpha() for c in password):
            return password


class Command(BaseCommand):
    help = (
        "Create the three administrators (三员分立): sysadmin, secadmin, secauditor. "
        "Each gets a random first password, printed once. No superuser is ever made."
    )

    def handle(self, *args, **options):
        passwords = {role: _password() for role in ADMINISTRATORS}
        for role, (_user, created) in administrators_create(passwords=passwords).items():
            if created:
                self.stdout.write(f"{role}: created, first password {passwords[role]}")
            else:
                self.stdout.write(f"{role}: exists, password unchanged")
        self.stdout.write(
            "Give each account to a different person; secadmin issues the "
            "second-factor enrolment links."
        )
