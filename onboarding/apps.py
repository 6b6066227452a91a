from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    name = "onboarding"
    verbose_name = _("Onboarding and vetting")

    def ready(self):
        from . import approvals  # noqa: F401  registers the appointment and transfer chains
