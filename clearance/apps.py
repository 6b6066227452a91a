from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClearanceConfig(AppConfig):
    name = "clearance"
    verbose_name = _("Clearance")

    def ready(self):
        from accounts.backends import read_with_user

        from . import approvals, history, reports, second_factor  # noqa: F401  registers them
        from .selectors import HELD_TODAY, held_today_sql

        read_with_user(HELD_TODAY, held_today_sql)  # every archive page's ceiling
