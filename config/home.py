"""The home page: what the signed-in person must do today, one section per role they hold
and one for their own affairs (issue 17). config sits above every app, so it may ask each
app's selectors; every count is taken through the selector and filter of the list it links
to, so the number on the home page is the number of rows that list shows the same person.

Each section costs a handful of COUNT queries, whatever the amount of data.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.registry import kind_get
from approvals.selectors import badge_counts, chains_in_approval_for, steps_reached
from archives.models import ArchiveItem, Loan
from archives.selectors import (
    inspections_planned,
    loans_filtered,
    loans_held_by,
    register_loans,
    visible_items,
)
from archives.services.inspections import REMIND_DAYS_BEFORE, next_due
from clearance.selectors import (
    briefings_to_confirm,
    clearances_ending,
    incidents_open,
    major_events_to_review,
    trips_to_handle,
)
from exams.selectors import seats_to_sit
from offboarding.models import ChecklistItem, Resignation
from offboarding.selectors import (
    checklist_items_waiting_for,
    resignations_filtered,
    visible_resignations,
)
from onboarding.models import Candidate
from onboarding.selectors import candidates_filtered, visible_candidates
from personnel.models import Department, Employee
from personnel.roles import Role
from personnel.selectors import (
    COMMITMENT_MISSING,
    employees_filtered,
    head_sees,
    visible_employees,
)
from reports.registry import reports_for
from training.models import Assignment
from training.selectors import (
    hours_standing,
    monthly_of,
    my_open_assignments,
    pre_post_candidates,
)


@dataclass(frozen=True)
class Row:
    """One thing named under an item (a loan, a request): its own page and a note."""

    text: str
    url: str
    note: str = ""
    alert: bool = False


@dataclass(frozen=True)
class Item:
    key: str
    title: str
    count: int
    url: str = ""
    hint: str = ""
    rows: tuple = ()


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    items: list
    link: tuple | None = None  # (url, label): the role's own page

    @property
    def todo(self) -> list:
        """Only what has something to do: zero is not shown, the section then says so."""
        return [item for item in self.items if item.count]


def link(name: str, **query) -> str:
    url = reverse(name)
    return f"{url}?{urlencode(query)}" if query else url


def _month(day: datetime.date) -> str:
    return f"{day:%Y-%m}"


# --- Roles -----------------------------------------------------------------------------


def hr_section(user, today: datetime.date) -> Section:
    this_month = today.replace(day=1)
    applying, exit_ = Candidate.Status.APPLYING, Resignation.Status.EXIT
    candidates = candidates_filtered(visible_candidates(user), status=applying)
    leavers = resignations_filtered(visible_resignations(user), status=exit_)
    unsigned = employees_filtered(visible_employees(user), commitment=COMMITMENT_MISSING)
    unrecorded = monthly_of(user, this_month, Assignment.Status.ASSIGNED)
    items = [
        Item(
            "candidates",
            _("Candidates to vet"),
            candidates.count(),
            link("onboarding:candidate_list", status=applying),
        ),
        Item(
            "leavers",
            _("Leavers with an open departure checklist"),
            leavers.count(),
            link("offboarding:resignation_list", status=exit_),
        ),
        Item(
            "training",
            _("This month's education: attendance still to record"),
            unrecorded.count(),
            link("training:compliance", month=_month(this_month)),
        ),
        Item(
            "pre_post",
            _("Secret posts without the pre-post training passed"),
            pre_post_candidates().count(),
            link("training:pre_post_list"),
        ),
        Item(
            "agreements",
            _("Classified staff without a signed commitment"),
            unsigned.count(),
            link("personnel:employee_list", commitment=COMMITMENT_MISSING),
        ),
    ]
    return Section("hr", _("HR / admin department"), items)


def approvals_item(user) -> Item:
    waiting, _unread = badge_counts(user)
    return Item("approvals", _("Waiting for me"), waiting, link("approvals:inbox"))


def approvals_section(user, today: datetime.date) -> Section:
    """For those who decide approval steps without heading a department."""
    return Section("approvals", _("Approvals"), [approvals_item(user)])


def head_section(user, today: datetime.date) -> Section:
    headed = list(Department.objects.filter(head__user=user).values_list("pk", flat=True))
    # Their own people only, even for a head whose other role lets them see everyone.
    mine = head_sees(user, "employee__")
    scope = {"department": headed[0]} if len(headed) == 1 else {}
    previous = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    overdue = monthly_of(user, previous, Assignment.Status.OVERDUE).filter(mine)

    def leavers(status, title):
        rows = resignations_filtered(visible_resignations(user), status=status, **scope)
        url = link("offboarding:resignation_list", status=status, **scope)
        return Item(f"leavers_{status}", title, rows.filter(mine).count(), url)

    items = [
        approvals_item(user),
        Item(
            "training_overdue",
            _("My people's education overdue (%(month)s)") % {"month": _month(previous)},
            overdue.count(),
            link("training:compliance", month=_month(previous)),
        ),
        leavers(Resignation.Status.IN_APPROVAL, _("Leavers in approval")),
        leavers(Resignation.Status.EXIT, _("Leavers in their exit procedure")),
    ]
    return Section("head", _("Department head"), items)


def archivist_section(user, today: datetime.date) -> Section:
    register = register_loans(user)

    def loans(key, title, status, **due):
        rows = loans_filtered(register, status=status, **due)
        query = {"status": status, **{name: day.isoformat() for name, day in due.items()}}
        return Item(key, title, rows.count(), link("archives:loan_list", **query))

    missing = visible_items(user).filter(status=ArchiveItem.Status.MISSING)
    returns = checklist_items_waiting_for(user).filter(kind=ChecklistItem.Kind.CLASSIFIED_RETURN)
    items = [
        loans("hand_out", _("Loans to hand out"), Loan.Status.APPROVED),
        loans("due_today", _("Due back today"), Loan.Status.OUT, due=today),
        loans("overdue", _("Overdue loans"), Loan.Status.OVERDUE),
        Item(
            "missing",
            _("Missing items"),
            missing.count(),
            link("archives:item_list", status=ArchiveItem.Status.MISSING),
        ),
        Item(
            "returns",
            _("Leavers' classified documents to take back"),
            returns.count(),
            link("approvals:inbox"),
        ),
        *_inspection_items(user, today),
    ]
    return Section("archivist", _("Archive"), items)


def _inspection_items(user, today: datetime.date) -> list:
    planned = inspections_planned(user).count()
    url = link("archives:inspection_list")
    items = [Item("inspections", _("Inspections to carry out"), planned, url)]
    due = next_due(today)
    if not planned and today >= due - datetime.timedelta(days=REMIND_DAYS_BEFORE):
        hint = _("due on %(day)s, not planned yet") % {"day": due.isoformat()}
        items.append(Item("inspection_due", _("Half-yearly inspection"), 1, url, hint))
    return items


def it_section(user, today: datetime.date) -> Section:
    waiting = checklist_items_waiting_for(user)
    items = [
        Item(
            "revoke",
            _("Accounts to revoke"),
            waiting.filter(kind=ChecklistItem.Kind.ACCESS_REVOKED).count(),
            link("approvals:inbox"),
        ),
        Item(
            "equipment",
            _("Equipment to take back"),
            waiting.filter(kind=ChecklistItem.Kind.EQUIPMENT).count(),
            link("approvals:inbox"),
        ),
    ]
    return Section("it", _("IT department"), items)


def security_section(user, today: datetime.date) -> Section:
    desk = link("clearance:desk")
    deciding, unbriefed, returned = trips_to_handle(user, today)
    counts = [
        ("trips_deciding", _("Trips abroad waiting for my decision"), deciding),
        ("trips_unbriefed", _("Trips whose briefing is not confirmed"), unbriefed),
        ("trips_returned", _("Returned travellers owing their report or talk"), returned),
        ("incidents", _("Open leak incidents"), incidents_open(user)),
        ("reports", _("Self-reports to review"), major_events_to_review(user)),
        ("clearances", _("Clearances ending soon"), clearances_ending(user, today)),
    ]
    items = [Item(key, title, rows.count(), desk) for key, title, rows in counts]
    return Section("security", _("Security office"), items, (desk, _("Open the security desk")))


def auditor_section(user, today: datetime.date) -> Section:
    reports = reports_for(user)
    rows = tuple(Row(str(report.title), report.url) for report in reports)
    url = link("reports:report_list")
    items = [Item("reports", _("Reports you may export"), len(reports), url, rows=rows)]
    return Section("auditor", _("Audit"), items)


# --- The person's own affairs ----------------------------------------------------------

ROWS_SHOWN = 5


def _rows_and_count(queryset, limit: int = ROWS_SHOWN) -> tuple[list, int]:
    """The first rows and the count; one query when they are few, two otherwise."""
    rows = list(queryset[: limit + 1])
    count = len(rows) if len(rows) <= limit else queryset.count()
    return rows[:limit], count


def employee_section(user, today: datetime.date) -> Section:
    items = [
        Item(
            "trainings",
            _("My trainings to attend"),
            my_open_assignments(user).count(),
            link("training:overview"),
            _hours_hint(user, today),
        ),
        Item("exams", _("My exams to sit"), seats_to_sit(user).count(), link("exams:mine")),
        _briefings_item(user),
        _loans_item(user, today),
        _requests_item(user),
    ]
    return Section("mine", _("My affairs"), items)


def _hours_hint(user, today: datetime.date) -> str:
    """The person's study hours this year against the minimum (one query)."""
    standing = hours_standing(user.employee, today.year)
    return _("Study hours in %(year)s: %(hours)s of the %(minimum)s required") % {
        "year": today.year,
        "hours": standing.hours,
        "minimum": standing.minimum,
    }


def _briefings_item(user) -> Item:
    trips, count = _rows_and_count(briefings_to_confirm(user))
    rows = tuple(
        Row(
            f"{trip.destination} {trip.departure:%Y-%m-%d}",
            reverse("clearance:travel_detail", args=[trip.pk]),
        )
        for trip in trips
    )
    url = link("clearance:travel_list")
    return Item("briefings", _("Confidentiality briefings to confirm"), count, url, rows=rows)


def _loans_item(user, today: datetime.date) -> Item:
    loans, count = _rows_and_count(loans_held_by(user))
    rows = tuple(
        Row(
            f"{loan.item.catalogue_no} {loan.item.title}"
            if loan.item_shown
            else loan.item.catalogue_no,
            reverse("archives:loan_detail", args=[loan.pk]),
            _loan_note(loan, today),
            alert=loan.status == Loan.Status.OVERDUE or loan.due_date < today,
        )
        for loan in loans
    )
    return Item("loans", _("My loans"), count, link("archives:loan_list"), rows=rows)


def _loan_note(loan, today: datetime.date) -> str:
    if loan.status == Loan.Status.APPROVED:
        return _("approved, to collect; due back %(day)s") % {"day": loan.due_date.isoformat()}
    if loan.due_date == today:
        return _("due back today")
    return _("due back %(day)s") % {"day": loan.due_date.isoformat()}


def _requests_item(user) -> Item:
    chains, count = _rows_and_count(chains_in_approval_for(user))
    waiting = steps_reached(chains)
    rows = tuple(
        Row(
            chain.title,
            kind_get(chain.kind).subject_url(chain),
            _waits_at(waiting.get(chain.pk)),
        )
        for chain in chains
    )
    return Item("requests", _("My requests in approval"), count, rows=rows)


def _waits_at(step) -> str:
    if step is None:
        return ""
    where = f"{step.name} · {step.department.name}" if step.department_id else step.name
    return _("waiting at: %(step)s") % {"step": where}


# Sections in the order they are shown; a person sees those of the roles they hold.
ROLE_SECTIONS = (
    (Role.HR, hr_section),
    (Role.DEPT_HEAD, head_section),
    (Role.ARCHIVIST, archivist_section),
    (Role.IT_ADMIN, it_section),
    (Role.SECURITY_OFFICER, security_section),
    (Role.AUDITOR, auditor_section),
)
# Roles that decide approval steps; a head sees their approvals in their own section.
DECIDING_ROLES = {
    Role.HR,
    Role.HR_HEAD,
    Role.VP,
    Role.GM,
    Role.INFO_SPECIALIST,
    Role.SECURITY_OFFICER,
    Role.COMMITTEE,
}


def employee_of(user) -> Employee | None:
    try:
        employee = user.employee  # read with the user by accounts' backend
    except Employee.DoesNotExist:
        return None
    return (
        employee if employee.status in (Employee.Status.ACTIVE, Employee.Status.RESIGNING) else None
    )


def home_sections(user, today: datetime.date | None = None) -> list[Section]:
    today = today or timezone.localdate()
    roles = set(user.groups.values_list("name", flat=True)) if user.is_active else set()
    sections = []
    if roles & DECIDING_ROLES and Role.DEPT_HEAD not in roles:
        sections.append(approvals_section(user, today))
    sections += [build(user, today) for role, build in ROLE_SECTIONS if role in roles]
    if employee_of(user) is not None:
        sections.append(employee_section(user, today))
    return sections
