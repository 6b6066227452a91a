from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The PDF pipeline, the report registry, background exports and the report centre; the
    export models stay in audit for now."""

    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # the reports of audit's records, which audit (below the pipeline) cannot register
        from . import audit_views  # noqa: F401
