from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exams"
    verbose_name = _("Confidentiality exams")

    def ready(self):
        # questions as a kind of import; the sample's result sheet as a report
        from . import imports, reports  # noqa: F401
