"""The personnel roster grouped by tier (R2), rendered through audit's PDF pipeline."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.classification import Level
from reports.listing import filters_line, listing_document
from reports.pdf import LANDSCAPE_TEXT_MM, Grid, PdfDocument, paginate_rows
from reports.registry import Report, register

from .models import TIER_RANK, Agreement, DossierEntry, Employee, Tier
from .selectors import (
    agreements_missing,
    agreements_register,
    decryption_period_leavers,
    roster_employees,
)

ROSTER = Report(
    slug="roster",
    title=_("Personnel roster by tier"),
    description=_(
        "The classified staff in post you may see, grouped by confidentiality tier; departed "
        "staff still in their decryption period on a list of their own."
    ),
    permission="personnel.export_roster",
    url_name="personnel:roster_pdf",
    build=lambda user: roster_document(roster_employees(user), decryption_period_leavers(user)),
)
register(ROSTER)

# The security auditor's record of what the administrators did to accounts and roles (C10).
ACCOUNT_EVENTS = Report(
    slug="account_events",
    title=_("Account and role changes"),
    description=_("Who created, (de)activated, reset or gave which role to whom, and when."),
    permission="accounts.view_accountevent",
    url_name="personnel:account_events_pdf",
)
register(ACCOUNT_EVENTS)

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
ROSTER_HEADER = tuple("序号 工号 姓名 部门 岗位 涉密岗位 用工类型 入职日期 状态 等级".split())


LEAVER_COLUMNS = (
    "employee_no",
    "name",
    "department__name",
    "position__title",
    "employment_type",
    "tier",
    "decryption_ends_on",
)
LEAVER_HEADER = tuple("序号 工号 姓名 部门 原岗位 用工类型 等级 脱密期至".split())
LEAVERS_HEADING = "脱密期内的离职人员"


def _labels(choices) -> dict:
    return {value: str(label) for value, label in choices}


def roster_document(employees, leavers=None) -> PdfDocument:
    """Rows as plain tuples (no model instances) and each row one line of a text grid:
    10,000 rows must stay cheap to query and to lay out. The staff in post by tier, then
    the departed still in their decryption period (`leavers`) on pages of their own."""
    rows = sorted(
        employees.order_by().values_list(*ROSTER_COLUMNS),
        key=lambda row: (-TIER_RANK[Tier(row[-1])], row[0]),
    )
    types, tiers = _labels(Employee.EmploymentType.choices), _labels(Tier.choices)
    statuses = _labels(Employee.Status.choices)
    display = [
        (
            no,
            name,
            dept,
            pos or "",
            "是" if secret else "否",
            types[etype],
            hired.isoformat(),
            statuses[status],
            tiers[tier],
        )
        for no, name, dept, pos, secret, etype, hired, status, tier in rows
    ]
    grid = Grid.fit(ROSTER_HEADER, [(i, *row) for i, row in enumerate(display, start=1)])
    pages = paginate_rows(display, settings.ROSTER_ROWS_PER_PAGE, group_key=lambda row: row[-1])
    for page in pages:
        page["heading"] = f"人员等级：{page['group']}"
        _grid_page(page, grid, ROSTER_HEADER)
    leaver_pages = _leaver_pages(leavers, types, tiers) if leavers is not None else []
    return PdfDocument(
        title=str(_("Personnel roster by tier")),
        level=Level.CONFIDENTIAL,
        body_template="reports/roster.html",
        pages=pages + leaver_pages,
        context={"total_rows": len(display)},
    )


def _grid_page(page: dict, grid: Grid, header) -> None:
    page["text"] = grid.lines((i, *row) for i, row in page["rows"])
    page["grid_header"] = grid.line(header)
    page["grid_font_pt"] = grid.font_size_pt(LANDSCAPE_TEXT_MM)


def _leaver_pages(leavers, types, tiers) -> list[dict]:
    rows = leavers.order_by("decryption_ends_on", "employee_no").values_list(*LEAVER_COLUMNS)
    display = [
        (no, name, dept, pos or "", types[etype], tiers[tier], ends.isoformat())
        for no, name, dept, pos, etype, tier, ends in rows
    ]
    pages = paginate_rows(display, settings.ROSTER_ROWS_PER_PAGE) or [
        {"group": None, "continued": False, "rows": []}
    ]
    grid = Grid.fit(LEAVER_HEADER, [(i, *row) for i, row in enumerate(display, start=1)])
    for page in pages:
        page["heading"] = LEAVERS_HEADING
        _grid_page(page, grid, LEAVER_HEADER)
    return pages


# --- A person's confidentiality dossier for appraisal (P4, R2) ---------------------------------
# Printed from the person's page, not the report centre: one report per person.
DOSSIER_SLUG = "dossier"


def dossier_document(employee: Employee) -> PdfDocument:
    """One person's record, agreements and dossier entries, oldest first, with the count and
    average score of each kind of entry: what an appraisal reads."""
    entries = list(employee.dossier.order_by("occurred_on", "id"))
    kinds = _labels(DossierEntry.Kind.choices)
    summary = []
    for kind, label in kinds.items():
        scores = [e.score for e in entries if e.kind == kind and e.score is not None]
        count = sum(1 for e in entries if e.kind == kind)
        if count:
            average = round(sum(scores) / len(scores), 1) if scores else None
            summary.append((label, count, average))
    return PdfDocument(
        title=f"{_('Confidentiality dossier')}：{employee.name}（{employee.employee_no}）",
        level=Level.CONFIDENTIAL,
        body_template="reports/dossier.html",
        pages=[{"rows": entries}],
        context={
            "employee": employee,
            "agreements": employee.agreements.order_by("signed_on", "id"),
            "summary": summary,
        },
        landscape=False,
    )


# --- The agreements register (P5, R2) ----------------------------------------------------------
AGREEMENTS = Report(
    slug="agreements",
    title=_("Agreements register"),
    description=_(
        "Who signed which confidentiality commitment or agreement and when, and the classified "
        "staff in post without a commitment."
    ),
    permission="personnel.view_agreement",
    url_name="personnel:agreement_register_pdf",
    page_url_name="personnel:agreement_register",
    build=lambda user: agreements_document(user, NO_FILTERS),
)
register(AGREEMENTS)
NO_FILTERS = {"q": "", "kind": "", "department": None}
SIGNED_HEADER = tuple("序号 工号 姓名 部门 等级 种类 签订日期 扫描件 备注".split())
MISSING_HEADER = tuple("序号 工号 姓名 部门 岗位 等级 入职日期 未签订".split())


def agreement_rows(agreements):
    kinds, tiers = _labels(Agreement.Kind.choices), _labels(Tier.choices)
    columns = ("employee__employee_no", "employee__name", "employee__department__name")
    for no, name, dept, tier, kind, signed, scan, note in agreements.values_list(
        *columns, "employee__tier", "kind", "signed_on", "scan", "note"
    ).iterator(chunk_size=2000):
        yield (
            no,
            name,
            dept,
            tiers[tier],
            kinds[kind],
            signed.isoformat(),
            "有" if scan else "无",
            note,
        )


def missing_rows(employees):
    tiers = _labels(Tier.choices)
    commitment = str(Agreement.Kind.COMMITMENT.label)
    for no, name, dept, post, tier, hired in employees.values_list(
        "employee_no", "name", "department__name", "position__title", "tier", "hire_date"
    ):
        yield (no, name, dept, post or "", tiers[tier], hired.isoformat(), commitment)


def agreements_document(user, filters: dict) -> PdfDocument:
    """The signed documents under the filters, then the classified staff in post who have no
    commitment (searched by name and department alike), each on pages of their own."""
    signed = agreements_register(user, **filters)
    missing = agreements_missing(user, q=filters["q"], department=filters["department"])
    kind_label = Agreement.Kind(filters["kind"]).label if filters["kind"] else ""
    return listing_document(
        title=str(AGREEMENTS.title),
        level=Level.CONFIDENTIAL,
        sections=[
            ("保密承诺书与保密协议签订情况", SIGNED_HEADER, list(agreement_rows(signed))),
            ("应签未签保密承诺书的在岗涉密人员", MISSING_HEADER, list(missing_rows(missing))),
        ],
        filters=filters_line(
            [
                (_("Search"), filters["q"]),
                (_("Kind"), kind_label),
                (_("Department"), filters["department"] or ""),
            ]
        ),
    )
