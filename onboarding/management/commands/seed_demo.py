from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.administrators import ADMINISTRATORS
from archives.demo import seed_archives_demo
from clearance.demo import seed_travel_demo
from onboarding.demo import seed_onboarding_demo
from personnel.demo import DEMO_PASSWORD, LOGINS, seed_demo


class Command(BaseCommand):
    help = "Load the demo departments, secret posts, employees and one login per role."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo refuses to run with DEBUG off (demo passwords).")
        result = seed_demo()
        seed_onboarding_demo()
        seed_travel_demo()
        archives = seed_archives_demo()
        self.stdout.write(
            f"Demo data: {result['employees_created']} employees created, "
            f"{result['employees_total']} in all; {archives['items']} archive items created."
        )
        users = ", ".join([*ADMINISTRATORS, *(login[0] for login in LOGINS)])
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}): {users}")
