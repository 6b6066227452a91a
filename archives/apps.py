from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchivesConfig(AppConfig):
    name = "archives"
    verbose_name = _("Archives")

    def ready(self):
        from accounts.backends import read_with_user

        from . import approvals, history, reports  # noqa: F401  registers them
        from .selectors import TALLIES, tallies_sql

        read_with_user(TALLIES, tallies_sql)  # the catalogue's count
