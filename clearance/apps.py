from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClearanceConfig(AppConfig):
    name = "clearance"
    verbose_name = _("Clearance")

    def ready(self):
        from . import approvals, history, reports, second_factor  # noqa: F401  registers them
