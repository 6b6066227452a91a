"""The personnel roster grouped by tier (R2), rendered through audit's PDF pipeline."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from audit.classification import Level
from audit.pdf import PdfDocument, paginate_rows
from audit.reports import Report, register

from .models import TIER_RANK, Employee, Tier
from .selectors import visible_employees

ROSTER = Report(
    slug="roster",
    title=_("Personnel roster by tier"),
    description=_("All employees you may see, grouped by confidentiality tier."),
    permission="personnel.export_roster",
    url_name="personnel:roster_pdf",
    build=lambda user: roster_document(visible_employees(user)),
)
register(ROSTER)

ROSTER_COLUMNS = (
    "employee_no",
    "name",
    "department__name",
    "position__title",
    "position__is_secret_post",
    "employment_type",
    "hire_date",
    "status",
    "tier",
)


def roster_document(employees) -> PdfDocument:
    """Rows as plain tuples (no model instances): 10,000 rows must stay cheap."""
    rows = sorted(
        employees.order_by().values_list(*ROSTER_COLUMNS),
        key=lambda row: (-TIER_RANK[Tier(row[-1])], row[0]),
    )

    types = dict(Employee.EmploymentType.choices)
    statuses = dict(Employee.Status.choices)
    tiers = dict(Tier.choices)
    display = [
        (no, name, dept, pos or "", secret, types[etype], hired, statuses[status], tier)
        for no, name, dept, pos, secret, etype, hired, status, tier in rows
    ]
    pages = paginate_rows(display, settings.ROSTER_ROWS_PER_PAGE, group_key=lambda row: row[-1])
    for page in pages:
        page["group_label"] = tiers[page["group"]]
    return PdfDocument(
        title=str(_("Personnel roster by tier")),
        level=Level.CONFIDENTIAL,
        body_template="reports/roster.html",
        pages=pages,
        context={"total_rows": len(display)},
    )
