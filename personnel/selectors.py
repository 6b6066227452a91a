"""Reads that depend on who asks (least privilege, C1)."""

import datetime

from django.contrib.auth.models import Permission
from django.db.models import Count, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import role_grants
from core.errors import DomainError
from core.prepared import Statement
from reports.models import ImportJob

from .models import Agreement, DossierEntry, Employee, EmployeeUserObjectPermission, Tier


def visible_employees(user) -> QuerySet:
    """HR-side roles and auditors see everyone; a department head their department
    (guardian rows); everybody their own record."""
    return Employee.objects.select_related("department", "position").filter(sight(user, ""))


def sight(user, path: str = "employee__") -> Q:
    """Who the user sees (visible_employees), as a condition on records that lead to their
    employee by `path`. For who sees everyone, no condition at all: a semi-join on every
    employee would cost a long register the whole staff table."""
    if not _signed_in(user):
        return Q(pk__in=[])
    if _sees_everyone(user):
        return Q()
    return _sight_of(user.pk, path)


def _signed_in(user) -> bool:
    return user.is_authenticated and user.is_active


def _sees_everyone(user) -> bool:
    return role_grants(user, "personnel.view_employee")


def _sight_of(user_id: int, path: str) -> Q:
    return Q(**{f"{path}pk__in": _SIGHT.subquery(user=user_id)})


def _seen(user) -> QuerySet:
    own = Employee.objects.filter(user=user).order_by().values("pk")
    # One list of ids, the head's people and the user's own record: an OR of two conditions
    # would make the database test every employee against both.
    return _granted(user).union(own, all=True)


def _one(pk, *conditions) -> QuerySet:
    return Employee.objects.select_related("department", "position").filter(*conditions, pk=pk)


# A person's page, compiled once for each kind of sight (core.prepared.Statement).
_ANYONE = Statement(_one, pk=int)
_IN_SIGHT = Statement(lambda pk, user: _one(pk, _sight_of(user, "")), pk=int, user=int)


def visible_employee_or_404(user, pk: int) -> Employee:
    """visible_employees(user).get(pk=pk), or a 404, for the page of one person."""
    found = []
    if _signed_in(user):
        found = _ANYONE(pk=pk) if _sees_everyone(user) else _IN_SIGHT(pk=pk, user=user.pk)
    if not found:
        raise Http404
    return found[0]


_AGREEMENTS = Statement(lambda employee: Agreement.objects.filter(employee=employee), employee=int)
_DOSSIER = Statement(lambda employee: DossierEntry.objects.filter(employee=employee), employee=int)


def agreements_of(employee) -> list:
    return _AGREEMENTS(employee=employee.pk)


def dossier_of(employee) -> list:
    return _DOSSIER(employee=employee.pk)


def head_sees(user, path: str = "") -> Q:
    """The one rule of a department head's sight: the employees the head holds a guardian
    row for (personnel keeps those rows in step with departments and heads). `path` leads
    from the queried model to its employee, e.g. "employee__" for a clearance."""
    return Q(**{f"{path}pk__in": _GRANTED.subquery(user=user.pk)})


def _granted(user) -> QuerySet:
    # The right's id as a subquery the database reads once, not a join for every row.
    right = (
        Permission.objects.filter(codename="view_employee", content_type__app_label="personnel")
        .order_by()
        .values("pk")
    )
    granted = EmployeeUserObjectPermission.objects.filter(user=user, permission=Subquery(right))
    return granted.order_by().values("content_object_id")


# Who a user sees, compiled once and put into the queries that need it as their SQL.
_GRANTED = Statement(_granted, user=int)
_SIGHT = Statement(_seen, user=int)


LEAVING_STATUSES = (Employee.Status.RESIGNING, Employee.Status.DEPARTED)
# On the roster: staff in post, and those serving their notice (issue 18: not the
# non-classified, the departed, or the hired still awaiting their post).
ROSTER_STATUSES = (Employee.Status.ACTIVE, Employee.Status.RESIGNING)


def roster_employees(user) -> QuerySet:
    """The roster's people: the classified staff the user may see."""
    visible = visible_employees(user).exclude(tier=Tier.NONE)
    return visible.filter(status__in=ROSTER_STATUSES)


def decryption_period_leavers(user, today: datetime.date | None = None) -> QuerySet:
    """The roster's list of its own: departed classified staff still in their decryption
    period (脱密期, F9), whose end offboarding writes on the employee."""
    today = today or timezone.localdate()
    visible = visible_employees(user).exclude(tier=Tier.NONE)
    return visible.filter(status=Employee.Status.DEPARTED, decryption_ends_on__gte=today)


def may_receive_access(employee: Employee) -> bool:
    """The one rule every approval and hand-out of access obeys: nothing more goes to a
    person who is leaving or has left."""
    return employee.status not in LEAVING_STATUSES


def require_may_receive_access(employee: Employee) -> None:
    if not may_receive_access(employee):
        raise DomainError(
            _(
                "%(name)s is leaving or has left (%(status)s): nothing more is approved or "
                "handed out to them."
            )
            % {"name": employee.name, "status": employee.get_status_display()}
        )


def can_change_employee(user) -> bool:
    return user.has_perm("personnel.change_employee")


COMMITMENT_MISSING = "missing"  # the list's filter for `classified_without_commitment`


def agreements_filtered(qs: QuerySet, *, q="", kind="", scan="") -> QuerySet:
    """One person's agreements under the list's search (the note) and filters."""
    if q:
        qs = qs.filter(note__icontains=q)
    if kind:
        qs = qs.filter(kind=kind)
    if scan == "yes":
        qs = qs.exclude(scan="")
    elif scan == "no":
        qs = qs.filter(scan="")
    return qs


def employees_filtered(
    qs: QuerySet, *, q="", department=None, tier="", status="", secret_post="", commitment=""
):
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(employee_no__icontains=q))
    if department:
        qs = qs.filter(department_id=department)
    if tier:
        qs = qs.filter(tier=tier)
    if status:
        qs = qs.filter(status=status)
    if secret_post == "yes":
        qs = qs.filter(position__is_secret_post=True)
    elif secret_post == "no":
        qs = qs.filter(Q(position__isnull=True) | Q(position__is_secret_post=False))
    if commitment == COMMITMENT_MISSING:
        qs = classified_without_commitment(qs)
    return qs


def tier_counts(qs: QuerySet) -> list[tuple[str, str, int]]:
    """(tier, label, count) for every tier, in one query."""
    counts = dict(qs.order_by().values_list("tier").annotate(n=Count("id")))
    return [(tier, label, counts.get(tier, 0)) for tier, label in Tier.choices]


def classified_without_commitment(qs: QuerySet) -> QuerySet:
    """Active classified staff with no signed commitment or agreement on file (O6, P5)."""
    signed = Agreement.objects.filter(
        kind__in=[Agreement.Kind.COMMITMENT, Agreement.Kind.AGREEMENT]
    ).values("employee_id")
    return qs.filter(status=Employee.Status.ACTIVE).exclude(tier=Tier.NONE).exclude(pk__in=signed)


def visible_import_jobs(user) -> QuerySet:
    """An import is seen by the person who uploaded it, nobody else."""
    if not user.is_authenticated or not user.is_active:
        return ImportJob.objects.none()
    return ImportJob.objects.filter(requested_by=user)


def agreements_register(user, *, q="", kind="", department=None) -> QuerySet:
    """The agreements register (P5, R2): every signed commitment and agreement of the people
    the user may see, newest first, searched by name or employee number."""
    agreements = Agreement.objects.filter(sight(user))
    if q:
        agreements = agreements.filter(
            Q(employee__name__icontains=q) | Q(employee__employee_no__icontains=q)
        )
    if kind in Agreement.Kind.values:
        agreements = agreements.filter(kind=kind)
    if department:
        agreements = agreements.filter(employee__department=department)
    return agreements.select_related("employee__department").order_by("-signed_on", "-id")


def agreements_missing(user, *, q="", department=None) -> QuerySet:
    """The register's missing ones: the classified staff in post the user may see who have
    no commitment on file (`classified_without_commitment`)."""
    people = employees_filtered(visible_employees(user), q=q, department=department)
    return classified_without_commitment(people).order_by("department__code", "employee_no")
