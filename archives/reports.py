"""The archive's registers through audit's PDF pipeline (A4)."""

from django.utils.translation import gettext_lazy as _

from reports.registry import Report, register

REGISTER = Report(
    slug="loan-register",
    title=_("Archive loan register"),
    description=_("Loans handed out in a date range, with the hand-out and the return."),
    permission="archives.export_register",
    url_name="archives:register_pdf",
)
register(REGISTER)
