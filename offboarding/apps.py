from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffboardingConfig(AppConfig):
    name = "offboarding"
    verbose_name = _("Resignation and offboarding")

    def ready(self):
        from . import approvals, reports  # noqa: F401  registrations
