"""Who sees which archive items, requests and loans: the clearance ceiling (C2, A5).

Every list, search, count, page and PDF of the archive goes through `visible_items`; the
ceiling is one database condition, never a filter over rows in Python.
"""

import datetime
from collections.abc import Callable

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.backends import pairs_sql, read_with, split_pairs
from approvals.models import ApprovalStep
from approvals.selectors import deciding_q
from clearance.selectors import effective_level
from core.access import role_grants
from core.classification import Level, level_rank
from core.prepared import Statement
from personnel.models import Employee
from personnel.selectors import head_sees

from .models import (
    CUSTODIAN_LEVELS,
    GRANTING_LOAN_STATUSES,
    OPEN_LOAN_STATUSES,
    ArchiveItem,
    Destruction,
    Inspection,
    LevelTally,
    Loan,
    MissingReport,
    ReadingRequest,
    StatisticsRequest,
)

# Still employed: a person serving their notice keeps reading what their work needs.
EMPLOYED = (Employee.Status.ACTIVE, Employee.Status.RESIGNING)


def employee_of(user) -> Employee | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    try:
        employee = user.employee  # read with the user by accounts' backend: no query of its own
    except Employee.DoesNotExist:
        return None
    return employee if employee.status in EMPLOYED else None


def user_level(user, today: datetime.date | None = None) -> str | None:
    """The user's ceiling: 内部 for every employed person, higher only by clearance."""
    employee = employee_of(user)
    if employee is None:
        return None
    cleared = effective_level(employee, today)
    return cleared if level_rank(cleared) > level_rank(Level.INTERNAL) else Level.INTERNAL


def levels_up_to(level: str | None) -> list[str]:
    return [value for value in Level.values if 0 < level_rank(value) <= level_rank(level)]


def reaches(user_ceiling: str | None, level: str) -> bool:
    return level_rank(level) <= level_rank(user_ceiling) if user_ceiling else False


def visible_items(user, today: datetime.date | None = None) -> QuerySet:
    """内部 to every employee, 秘密 to those cleared for it; a 机密/绝密 item only to its
    custodian, the archive's overseers (archivist, security office) and people whose
    request or loan for it runs now — each of them cleared for its level."""
    return _items_seen(*_sight(user, today))


# The four levels' tallies, which the catalogue's first and deep pages count by: read in the
# signed-in user's own query (accounts.backends.read_with_user, registered by archives.apps),
# sparing those pages a round trip; otherwise by their statement (core.prepared.Statement).
TALLIES = "archive_tallies"
_TALLIES = Statement(lambda: LevelTally.objects.values_list("level", "items"))


def tallies_sql(user_id: int) -> tuple[str, list]:
    """The tallies as one SQL value, ["level:items", …] (the same for every user)."""
    tallies = _TALLIES.subquery()
    # Safe: SQL compiled by the ORM.
    sql = f"SELECT {pairs_sql(tallies.sql)}"
    return sql, list(tallies.params)


def _tallies(user) -> list[tuple[str, int]]:
    known = read_with(user, TALLIES)
    if known is None:
        return _TALLIES()
    return [(level, int(items)) for level, items in split_pairs(known)]


def catalogue_of(user) -> tuple[QuerySet, Callable[[], int]]:
    """visible_items(user), and how to count them without counting every item: the levels
    the user sees whole are read from their tallies (LevelTally, kept by the database)."""
    whole, guarded = _sight(user)

    def size() -> int:
        tallied = sum(items for level, items in _tallies(user) if level in whole)
        others = ArchiveItem.objects.filter(guarded).count() if guarded is not None else 0
        return tallied + others

    return _items_seen(whole, guarded), size


def _items_seen(whole: list[str], guarded: Q | None) -> QuerySet:
    condition = Q(level__in=whole) if guarded is None else Q(level__in=whole) | guarded
    return ArchiveItem.objects.filter(condition)


def _sight(user, today=None) -> tuple[list[str], Q | None]:
    """(the levels whose every item the user sees, the condition on the items they see of
    the other levels within their ceiling, None if none)."""
    employee = employee_of(user)
    if employee is None:
        return [], None
    levels = levels_up_to(user_level(user, today))
    if role_grants(user, "archives.oversee_classified"):
        return levels, None
    guarded = [level for level in levels if level in CUSTODIAN_LEVELS]
    whole = [level for level in levels if level not in CUSTODIAN_LEVELS]
    if not guarded:
        return whole, None
    return whole, Q(level__in=guarded) & (Q(custodian=employee) | _granted_q(employee, today))


def _granted_q(employee, today=None) -> Q:
    """Items the person holds a running approved request or loan for."""
    today = today or timezone.localdate()
    reading = ReadingRequest.objects.filter(
        requester=employee, status=ReadingRequest.Status.APPROVED, access_until__gte=today
    )
    lending = Loan.objects.filter(borrower=employee, status__in=GRANTING_LOAN_STATUSES)
    return Q(pk__in=reading.values("item_id")) | Q(pk__in=lending.values("item_id"))


def requestable_items(user) -> QuerySet:
    """What a person may ask to read or borrow: what the catalogue shows them, and only
    while it is still held. Nobody files for an item they may not know exists."""
    return visible_items(user).exclude(
        status__in=[ArchiveItem.Status.DESTROYED, ArchiveItem.Status.REMOVED]
    )


def with_item_shown(rows: QuerySet, user) -> QuerySet:
    """The one rule for naming an item on request and loan pages, lists, the register and
    its PDF: `item_shown` is true where the catalogue shows this user the row's item. A
    single subquery, so a list costs no query per row; others see number and level only."""
    return rows.annotate(item_shown=Exists(visible_items(user).filter(pk=OuterRef("item_id"))))


def visible_requests(user) -> QuerySet:
    """Within the user's ceiling: overseers and auditors see all, others their own and their
    department's (as its head). A decider also reaches the request they decide, whatever
    its level; its pages then name the item only as `with_item_shown` allows."""
    base = ReadingRequest.objects.select_related("item", "requester__department", "chain")
    rows = base.filter(_visible_q(user, "archives.view_readingrequest", "requester"))
    return with_item_shown(rows, user)


def visible_loans(user) -> QuerySet:
    """As `visible_requests`, for loans; the register lists `register_loans`."""
    base = Loan.objects.select_related(
        "item", "borrower__department", "handed_out_by", "received_by"
    )
    return with_item_shown(base.filter(_visible_q(user, "archives.view_loan", "borrower")), user)


def register_loans(user) -> QuerySet:
    """The loan register (page and PDF): never a row above the reader's ceiling."""
    return visible_loans(user).filter(item__level__in=levels_up_to(user_level(user)))


def loans_filtered(rows: QuerySet, *, status: str = "", due: datetime.date | None = None):
    """The register page's status and due-date filters; an unknown status filters nothing."""
    if status in Loan.Status.values:
        rows = rows.filter(status=status)
    return rows if due is None else rows.filter(due_date=due)


def loans_held_by(user) -> QuerySet:
    """The user's own loans approved and not yet returned, soonest due first."""
    rows = Loan.objects.filter(borrower__user=user, status__in=GRANTING_LOAN_STATUSES)
    return with_item_shown(rows.select_related("item"), user).order_by("due_date", "pk")


def visible_request_list(user) -> QuerySet:
    return visible_requests(user).filter(item__level__in=levels_up_to(user_level(user)))


def _visible_q(user, overseer_perm: str, person_field: str) -> Q:
    if not user.is_active:
        return Q(pk__in=[])
    within = Q(item__level__in=levels_up_to(user_level(user)))
    deciding = _deciding_q(user)
    if role_grants(user, overseer_perm):
        return within | deciding
    own = Q(**{f"{person_field}__user": user}) | Q(requested_by=user)
    return (within & (own | head_sees(user, f"{person_field}__"))) | deciding


def _deciding_q(user) -> Q:
    """Rows whose chain the user has decided on or may decide now (the inbox's steps)."""
    waiting = ApprovalStep.objects.filter(status=ApprovalStep.Status.PENDING).filter(
        deciding_q(user)
    )
    decided = ApprovalStep.objects.filter(decisions__decider=user)
    return Q(chain_id__in=waiting.values("chain_id")) | Q(chain_id__in=decided.values("chain_id"))


def visible_inspections(user) -> QuerySet:
    """Inspections as plans and conditions; their findings are shown through visible_items."""
    if not role_grants(user, "archives.view_inspection"):
        return Inspection.objects.none()
    return Inspection.objects.select_related("planned_by")


def visible_destructions(user) -> QuerySet:
    """Overseers and auditors within their ceiling; deciders the one they decide on."""
    base = Destruction.objects.select_related("item", "proposed_by", "chain")
    if not user.is_active:
        return base.none()
    deciding = _deciding_q(user)
    if role_grants(user, "archives.view_destruction"):
        deciding |= Q(item__level__in=levels_up_to(user_level(user)))
    return with_item_shown(base.filter(deciding), user)


def visible_statistics_requests(user) -> QuerySet:
    """The clerk and auditors see all; others their own, those of the people they head, and
    those they decide on."""
    base = StatisticsRequest.objects.select_related("department", "requested_by", "chain")
    if role_grants(user, "archives.view_statisticsrequest"):
        return base
    if not user.is_active:
        return base.none()
    headed = head_sees(user, "requested_by__employee__")
    return base.filter(Q(requested_by=user) | headed | _deciding_q(user))


def inspections_planned(user) -> QuerySet:
    """Inspections planned and not finished yet: the clerk's work to carry out."""
    return visible_inspections(user).filter(status=Inspection.Status.PLANNED)


def visible_missing_reports(user) -> QuerySet:
    base = MissingReport.objects.select_related("item", "reported_by", "incident")
    if not role_grants(user, "archives.view_missingreport"):
        return base.none()
    return base.filter(item__in=visible_items(user).values("pk"))


def with_copies_out(items: QuerySet) -> QuerySet:
    """The items with `out`: the copies their open loans hold, in the same query."""
    held = (
        Loan.objects.filter(item=OuterRef("pk"), status__in=OPEN_LOAN_STATUSES)
        .order_by()
        .values("item")
        .annotate(n=Sum("copies"))
        .values("n")
    )
    return items.annotate(out=Coalesce(Subquery(held), 0))


def missing_reports_of(user, item: ArchiveItem) -> QuerySet:
    """The missing reports of an item the user already sees (its page): no second look at
    the user's clearance."""
    if not role_grants(user, "archives.view_missingreport"):
        return MissingReport.objects.none()
    return MissingReport.objects.select_related("item", "reported_by", "incident").filter(item=item)


def open_loans_of(employee) -> QuerySet:
    """Loans the person still holds (handed out, not returned): the departure checklist's
    "classified documents returned" item waits for these (F5)."""
    return Loan.objects.filter(borrower=employee, status__in=OPEN_LOAN_STATUSES).select_related(
        "item"
    )


def search_by_item_or_person(rows: QuerySet, q: str, *name_fields: str) -> QuerySet:
    """A request or loan list's search box: the item's number, its title where the row may
    name it (`with_item_shown`), or a person's name."""
    if not q:
        return rows
    condition = Q(item__catalogue_no__istartswith=q) | Q(item__title__icontains=q, item_shown=True)
    for field in name_fields:
        condition |= Q(**{f"{field}__icontains": q})
    return rows.filter(condition)
