from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonnelConfig(AppConfig):
    name = "personnel"
    verbose_name = _("Personnel")

    def ready(self):
        # names, history scopes, the reports, the login-time navigation fact, the kinds of import
        from . import context_processors, directory, history, reports  # noqa: F401
        from .imports import employees, org  # noqa: F401
