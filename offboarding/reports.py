"""The resignation register (R2) through audit's PDF pipeline."""

from django.conf import settings
from django.db.models import Count, Max, Q
from django.utils.translation import gettext_lazy as _

from approvals.models import ApprovalStep
from core.classification import Level
from reports.pdf import PdfDocument, paginate_rows
from reports.registry import Report, register

REGISTER = Report(
    slug="resignations",
    title=_("Resignation register"),
    description=_("Resignations in a period: status, notice, approval dates, checklist."),
    permission="offboarding.export_register",
    url_name="offboarding:register_pdf",
)
register(REGISTER)


def register_document(resignations, *, date_from=None, date_to=None) -> PdfDocument:
    if date_from:
        resignations = resignations.filter(submitted_on__gte=date_from)
    if date_to:
        resignations = resignations.filter(submitted_on__lte=date_to)
    resignations = resignations.annotate(
        items_total=Count("checklist__items", distinct=True),
        items_signed=Count(
            "checklist__items", filter=Q(checklist__items__signed_at__isnull=False), distinct=True
        ),
    ).order_by("submitted_on", "pk")
    decided = _approval_dates(resignations)
    rows = [
        (
            r.employee.employee_no,
            r.employee.name,
            r.employee.department.name,
            r.submitted_on,
            r.last_day,
            r.notice_days,
            r.get_status_display(),
            [decided.get(r.chain_id, {}).get(order) for order in range(1, 6)],
            f"{r.items_signed}/{r.items_total}" if r.items_total else "—",
        )
        for r in resignations
    ]
    period = f"{date_from or '…'} — {date_to or '…'}"
    return PdfDocument(
        title=str(_("Resignation register")),
        level=Level.CONFIDENTIAL,
        body_template="reports/resignations.html",
        pages=paginate_rows(rows, settings.ROSTER_ROWS_PER_PAGE - 8),
        context={"period": period, "total_rows": len(rows)},
    )


def _approval_dates(resignations) -> dict:
    """{chain id: {step order: decision date}} in one query."""
    steps = (
        ApprovalStep.objects.filter(chain_id__in=resignations.values("chain_id"))
        .filter(decided_at__isnull=False)
        .values("chain_id", "order")
        .annotate(at=Max("decided_at"))
    )
    dates: dict = {}
    for step in steps:
        dates.setdefault(step["chain_id"], {})[step["order"]] = step["at"]
    return dates
