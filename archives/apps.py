from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchivesConfig(AppConfig):
    name = "archives"
    verbose_name = _("Archives")

    def ready(self):
        from . import approvals, history, reports  # noqa: F401  registers them
