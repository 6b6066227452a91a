from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    name = "onboarding"
    verbose_name = _("Onboarding and vetting")

    def ready(self):
        # the appointment and transfer chains; candidates as a kind of import
        from . import approvals, imports  # noqa: F401
