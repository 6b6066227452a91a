"""Who holds which clearance now, and who sees what (C1, C2, C7)."""

import datetime

from django.conf import settings
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from accounts.backends import pairs_sql, read_with, split_pairs
from approvals.selectors import steps_waiting_for
from core.access import role_grants
from core.classification import LEVEL_RANK, level_rank
from core.dates import add_months
from core.people import with_person
from core.prepared import Statement
from personnel.models import CLASSIFIED_TIERS, Employee, Tier, tier_ceiling
from personnel.roles import Role
from personnel.selectors import head_sees, visible_employees

from .models import (
    Clearance,
    DepartmentFinding,
    DepartmentInspection,
    DocumentHandout,
    Incident,
    MajorEventReport,
    PeriodicReview,
    TravelDocument,
    TravelRequest,
    Violation,
)


def active_clearances(employee, today: datetime.date | None = None) -> QuerySet:
    """Granted and within their dates *today*: an expired one stops counting at once,
    whether or not the daily task has run yet."""
    return _active(today).filter(employee=employee)


def _active(today: datetime.date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    granted = Clearance.objects.filter(status=Clearance.Status.GRANTED, valid_from__lte=today)
    return granted.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))


# What effective_level reads, on every archive page: compiled once (core.prepared.Statement).
_HELD = Statement(
    lambda employee, today: active_clearances(employee, today).values_list("level", "temporary"),
    employee=int,
    today=datetime.date,
)


def effective_level(employee, today: datetime.date | None = None) -> str | None:
    """The highest level the person may see now; what the archives check (C2).

    A permanent clearance never exceeds the tier's ceiling (the tier may have dropped since
    it was granted); a temporary one is the exception C3 allows for non-classified staff.
    """
    ceiling = level_rank(tier_ceiling(employee.tier))
    held = _held_read_with_user(employee) if today is None else None
    if held is None:
        held = _HELD(employee=employee.pk, today=today or timezone.localdate())
    levels = [level for level, temporary in held if temporary or level_rank(level) <= ceiling]
    return max(levels, key=level_rank) if levels else None


# The clearances the signed-in user holds today, read in the user's own query on every page
# (accounts.backends.read_with_user, registered by clearance.apps): every archive page needs
# them, and saves a query.
HELD_TODAY = "held_clearances"
_HELD_BY_USER = Statement(
    lambda user, today: _active(today).filter(employee__user=user).values("level", "temporary"),
    user=int,
    today=datetime.date,
)


def held_today_sql(user_id: int) -> tuple[str, list]:
    """The user's clearances held today as one SQL value, ["level:true|false", …]."""
    held = _HELD_BY_USER.subquery(user=user_id, today=timezone.localdate())
    # Safe: SQL compiled by the ORM, its values passed as parameters.
    sql = f"SELECT {pairs_sql(held.sql)}"
    return sql, list(held.params)


def _held_read_with_user(employee) -> list[tuple[str, bool]] | None:
    """What held_today_sql read, when `employee` is the signed-in user's; else None."""
    if not Employee.user.is_cached(employee) or employee.user is None:
        return None
    known = read_with(employee.user, HELD_TODAY)
    if known is None:
        return None
    return [(level, temporary == "true") for level, temporary in split_pairs(known)]


def cleared_for(level: str, today: datetime.date | None = None) -> QuerySet:
    """The people whose effective level (above) is `level` or higher, in one query: an
    active clearance at or above it that is temporary or within the holder's tier."""
    rank = level_rank(level)
    counting = Q()
    for held in (lv for lv in LEVEL_RANK if LEVEL_RANK[lv] >= rank):
        tiers = [tier for tier in Tier if level_rank(tier_ceiling(tier)) >= LEVEL_RANK[held]]
        counting |= Q(level=held) & (Q(temporary=True) | Q(employee__tier__in=tiers))
    holders = _active(today).filter(counting).values("employee")
    return Employee.objects.filter(pk__in=holders)


def clearance_requestable(user) -> QuerySet:
    """Whom the user may request a clearance for: HR anyone active, a head their department."""
    active = visible_employees(user).filter(status=Employee.Status.ACTIVE)
    if user.has_perm("clearance.add_clearance"):
        return active
    return active.filter(head_sees(user))


def visible_clearances(user) -> QuerySet:
    """The security office, HR and auditors see all; a head their department's; each person
    their own. Leadership's sight of every employee does not extend to clearances."""
    base = Clearance.objects.select_related("employee__department", "requested_by")
    if role_grants(user, "clearance.view_clearance"):
        return base
    if not user.is_active:
        return base.none()
    return base.filter(head_sees(user, "employee__") | Q(employee__user=user))


def reviews_due(user, today: datetime.date | None = None) -> list[tuple[Employee, datetime.date]]:
    """Classified people whose periodic review is due: a year (setting) after the last
    review, or after hiring when there was none. For the security office and heads."""
    today = today or timezone.localdate()
    people = (
        visible_employees(user)
        .filter(tier__in=CLASSIFIED_TIERS, status=Employee.Status.ACTIVE)
        .annotate(last_review=Max("reviews__reviewed_on"))
    )
    due = []
    for person in people:
        start = person.last_review or person.hire_date
        due_on = add_months(start, settings.REVIEW_INTERVAL_MONTHS)
        if due_on <= today:
            due.append((person, due_on))
    return sorted(due, key=lambda pair: pair[1])


def visible_reviews(user) -> QuerySet:
    if role_grants(user, "clearance.view_periodicreview"):
        return PeriodicReview.objects.all()
    return PeriodicReview.objects.filter(head_sees(user, "employee__") | Q(employee__user=user))


def visible_incidents(user) -> QuerySet:
    """The security office, the GM and auditors see every incident; a reporter their own."""
    base = Incident.objects.select_related(with_person("reported_by"))
    if role_grants(user, "clearance.view_incident"):
        return base
    if not user.is_active:
        return base.none()
    return base.filter(reported_by=user)


def visible_violations(user) -> QuerySet:
    """The security office and auditors see all; everyone else their own."""
    base = Violation.objects.select_related("employee__department")
    if role_grants(user, "clearance.view_violation"):
        return base
    return base.filter(employee__user=user) if user.is_active else base.none()


def visible_major_events(user) -> QuerySet:
    """The security office sees every report; the reporter their own."""
    base = MajorEventReport.objects.select_related("employee__department", "incident")
    if role_grants(user, "clearance.view_majoreventreport"):
        return base
    return base.filter(employee__user=user) if user.is_active else base.none()


def visible_travel_requests(user) -> QuerySet:
    """The security office and auditors see all; a head their department's; the general
    manager the core staff's (whose trips they approve); each traveller their own."""
    base = TravelRequest.objects.select_related("employee__department", "chain")
    if role_grants(user, "clearance.view_travelrequest"):
        return base
    if not user.is_active:
        return base.none()
    mine = Q(employee__user=user) | Q(requested_by=user) | head_sees(user, "employee__")
    if user.groups.filter(name=Role.GM).exists():
        mine |= Q(employee__tier=Tier.CORE)
    return base.filter(mine)


def visible_travel_documents(user) -> QuerySet:
    """The custody ledger: the security office and auditors; each holder their own."""
    base = TravelDocument.objects.select_related("employee__department")
    if role_grants(user, "clearance.view_traveldocument"):
        return base
    return base.filter(employee__user=user) if user.is_active else base.none()


def documents_out() -> QuerySet:
    """Travel documents handed out and not yet back in custody."""
    return DocumentHandout.objects.filter(returned_on__isnull=True)


def travel_restricted(today: datetime.date | None = None) -> QuerySet:
    """Who may not travel abroad without approval (C6, F9): core and important staff in
    post and everyone in their decryption period, for the exit-entry authority."""
    today = today or timezone.localdate()
    in_post = Q(tier__in=[Tier.CORE, Tier.IMPORTANT]) & ~Q(status=Employee.Status.DEPARTED)
    return (
        Employee.objects.filter(in_post | Q(decryption_ends_on__gte=today))
        .select_related("department")
        .order_by("department__name", "employee_no")
    )


def briefings_to_confirm(user) -> QuerySet:
    """The user's own trips in approval whose 保密提醒 was given and awaits their word."""
    return TravelRequest.objects.filter(
        employee__user=user,
        status=TravelRequest.Status.REQUESTED,
        briefed_on__isnull=False,
        traveller_confirmed_at__isnull=True,
    ).order_by("departure", "pk")


def trips_to_handle(user, today: datetime.date) -> tuple[QuerySet, QuerySet, QuerySet]:
    """The security desk's travel work: (trips whose decision waits for the user, trips in
    approval whose briefing is unconfirmed, returns owing their report or talk)."""
    trips = visible_travel_requests(user)
    waiting = steps_waiting_for(user).filter(chain__kind=TravelRequest.CHAIN_KIND)
    deciding = trips.filter(chain__steps__in=waiting).distinct()
    unbriefed = trips.filter(
        status=TravelRequest.Status.REQUESTED, traveller_confirmed_at__isnull=True
    ).exclude(pk__in=deciding.values("pk"))
    returned = trips.filter(status=TravelRequest.Status.APPROVED, return_date__lt=today)
    return deciding, unbriefed, returned


def clearances_ending(user, today: datetime.date) -> QuerySet:
    """Granted clearances that end within the warning days (the desk's list)."""
    horizon = today + datetime.timedelta(days=settings.CLEARANCE_WARNING_DAYS)
    return visible_clearances(user).filter(
        status=Clearance.Status.GRANTED, valid_until__gte=today, valid_until__lte=horizon
    )


def incidents_open(user) -> QuerySet:
    return visible_incidents(user).filter(status=Incident.Status.OPEN)


def major_events_to_review(user) -> QuerySet:
    return visible_major_events(user).filter(reviewed_at__isnull=True)


def visible_dept_findings(user) -> QuerySet:
    """Inspection findings (R3): the security office and auditors see all; a finding's owner
    and the owner's department head see it."""
    base = DepartmentFinding.objects.select_related("owner__department", "inspection")
    if role_grants(user, "clearance.view_departmentfinding"):
        return base
    if not user.is_active:
        return base.none()
    return base.filter(Q(owner__user=user) | head_sees(user, "owner__"))


def visible_dept_inspections(user) -> QuerySet:
    """The security office and auditors see every inspection; anyone else the inspections of
    the department they head and those holding a finding they may see."""
    base = DepartmentInspection.objects.select_related("department")
    if role_grants(user, "clearance.view_departmentinspection"):
        return base
    if not user.is_active:
        return base.none()
    findings = visible_dept_findings(user).values("inspection")
    return base.filter(Q(department__head__user=user) | Q(pk__in=findings))
