from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Small shared helpers every app may use; imports nothing from the product's other apps."""

    name = "core"
    verbose_name = _("Core")
