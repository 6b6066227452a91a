"""The resignation register (R2), the departure checklist and the leaving documents (F6)
through the one PDF pipeline."""

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

CHECKLIST = Report(
    slug="departure-checklist",
    title=_("Departure checklist"),
    description=_("The departure form with each item's signature and date (open a resignation)."),
    permission="offboarding.view_resignation",
    url_name="offboarding:resignation_list",
)
register(CHECKLIST)

LEAVING_DOCUMENTS = Report(
    slug="leaving-documents",
    title=_("Leaving documents"),
    description=_(
        "The termination notice and the labour handbook, once issued on the checklist "
        "(open a resignation)."
    ),
    permission="offboarding.change_resignation",
    url_name="offboarding:resignation_list",
)
register(LEAVING_DOCUMENTS)


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


def _signed_items(checklist) -> list:
    return list(
        checklist.items.select_related("signed_by__employee", "department").order_by("order")
    )


def _decisions(resignation) -> list:
    """The five approval steps with who signed each and when."""
    if resignation.chain_id is None:
        return []
    return list(
        resignation.chain.steps.order_by("order").prefetch_related("decisions__decider__employee")
    )


def checklist_document(resignation) -> PdfDocument:
    """《员工离公司手续单》 (F5, F6): the approvals and every item, signed or not, with who
    signed it and when."""
    checklist = resignation.checklist
    return PdfDocument(
        title="员工离公司手续单",
        level=Level.CONFIDENTIAL,
        body_template="reports/departure_checklist.html",
        pages=[{}],
        context={
            "resignation": resignation,
            "checklist": checklist,
            "items": _signed_items(checklist),
            "steps": _decisions(resignation),
        },
        landscape=False,
    )


def leaving_documents(resignation, issued, reminder) -> PdfDocument:
    """The leaving documents (F6: 退工通知单, 劳动手册), issued by HR as the checklist's last
    item; each page carries the checklist's signatures and dates and the duty after leaving
    (F8)."""
    return PdfDocument(
        title="离职文件",
        level=Level.CONFIDENTIAL,
        body_template="reports/leaving_documents.html",
        pages=[{}],
        context={
            "resignation": resignation,
            "issued": issued,
            "items": _signed_items(resignation.checklist),
            "period": getattr(resignation, "decryption_period", None),
            "reminder": reminder,
        },
        landscape=False,
    )
