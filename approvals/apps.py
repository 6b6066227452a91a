from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = _("Approvals")

    def ready(self):
        from accounts.backends import read_with_user

        from .selectors import BADGES, badges_sql

        read_with_user(BADGES, badges_sql)  # the navigation's, on every page
