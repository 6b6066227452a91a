"""Who may decide a step, and what waits for whom (the inbox)."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import CharField, F, Q, QuerySet, Value

from accounts.backends import read_with
from core.models import Notification
from core.prepared import Statement, prepared
from personnel.models import Department, Employee
from personnel.roles import Role

from .models import ApprovalChain, ApprovalStep
from .registry import InboxRow, kind_get, task_source_get, task_sources

STEP_SOURCE = "approval_step"


def holds_role(user, role: str, department_id=None) -> bool:
    """The one check of "acts as this role (for this department)": a department head for
    their own department, any other role for the department they belong to."""
    if not user.is_active or not user.groups.filter(name=role).exists():
        return False
    if department_id is None:
        return True
    if role == Role.DEPT_HEAD:
        return Department.objects.filter(pk=department_id, head__user=user).exists()
    return Employee.objects.filter(user=user, department_id=department_id).exists()


def user_may_decide(user, step: ApprovalStep) -> bool:
    if step.person_id:
        return user.is_active and step.person_id == user.pk
    return holds_role(user, step.role, step.department_id) or bool(
        step.also_role and holds_role(user, step.also_role)
    )


def role_holders(roles: list[str], department_id=None) -> QuerySet:
    """The active users acting as one of these roles (for this department): the query form
    of `holds_role`, for whom a role's task is told to."""
    users = get_user_model().objects.filter(groups__name__in=roles, is_active=True)
    if department_id and Role.DEPT_HEAD in roles:
        users = users.filter(employee__headed_departments=department_id)
    elif department_id:
        users = users.filter(employee__department=department_id)
    return users.distinct()


def step_deciders(step: ApprovalStep) -> QuerySet:
    """Everyone who could decide the step (for notifications); excludes the requester."""
    if step.person_id:
        users = get_user_model().objects.filter(pk=step.person_id)
    else:
        roles = [role for role in (step.role, step.also_role) if role]
        users = role_holders(roles, step.department_id)
    excluded = [step.chain.requested_by_id, step.chain.concerns_id]
    return users.exclude(pk__in=[pk for pk in excluded if pk]).distinct()


def _role_names(user) -> QuerySet:
    # A subquery, not a list: the inbox and its badge then cost one query each.
    return user.groups.values("name")


def acting_roles_q(user, roles=None) -> Q:
    """Rows with `role` and `department` fields that the user acts for: the query form of
    `holds_role`, for lists (approval steps, checklist items)."""
    if not user.is_active:
        return Q(pk__in=[])
    if roles is None:
        roles = _role_names(user)
    headed = Department.objects.filter(head__user=user).values("pk")
    own_department = Employee.objects.filter(user=user).values("department_id")
    return (
        Q(role__in=roles, department__isnull=True)
        | Q(role=Role.DEPT_HEAD, role__in=roles, department__in=headed)
        | (~Q(role=Role.DEPT_HEAD) & Q(role__in=roles, department__in=own_department))
    )


def deciding_q(user) -> Q:
    """Approval steps the user may decide: the query form of `user_may_decide`."""
    if not user.is_active:
        return Q(pk__in=[])
    roles = _role_names(user)
    return (
        Q(person=user)
        | acting_roles_q(user, roles)
        | Q(also_role__in=roles, department__isnull=True)
    )


def steps_waiting_for(user) -> QuerySet:
    """Every pending step the user could decide now, across all subjects ("待我审批")."""
    return (
        ApprovalStep.objects.filter(status=ApprovalStep.Status.PENDING)
        .filter(deciding_q(user))
        .exclude(chain__requested_by=user)
        .exclude(chain__concerns=user)
        .exclude(decisions__decider=user)
        .select_related("chain", "department")
        .order_by("reached_at", "pk")
    )


def chains_in_approval_for(user) -> QuerySet:
    """The user's own requests still in approval: filed by them or about them, newest
    first."""
    return (
        ApprovalChain.objects.filter(status=ApprovalChain.Status.PENDING)
        .filter(Q(requested_by=user) | Q(concerns=user))
        .order_by("-created_at", "-pk")
    )


def steps_reached(chains) -> dict:
    """{chain id: its step waiting for a decision} for these chains, in one query: where
    each request waits."""
    steps = ApprovalStep.objects.filter(
        chain__in=[chain.pk for chain in chains], status=ApprovalStep.Status.PENDING
    ).select_related("department")
    return {step.chain_id: step for step in steps}


def _entries(queryset, source: str) -> QuerySet:
    """(source, task_pk, since): the common shape every inbox source is paged in."""
    return (
        queryset.order_by()
        .annotate(source=Value(source, output_field=CharField()), task_pk=F("pk"))
        .values_list("source", "task_pk", "since")
    )


def inbox_entries(user) -> QuerySet:
    """Everything waiting for the user, oldest first: approval steps and every registered
    task source ("待我处理"), as one query so a page and the count cost one query each."""
    steps = _entries(steps_waiting_for(user).annotate(since=F("reached_at")), STEP_SOURCE)
    others = [_entries(source.waiting_for(user), source.name) for source in task_sources()]
    return steps.union(*others, all=True).order_by("since", "source", "task_pk")


def _step_rows(pks) -> dict:
    steps = ApprovalStep.objects.filter(pk__in=pks).select_related("chain")
    return {
        step.pk: InboxRow(
            title=step.chain.title,
            label=kind_get(step.chain.kind).label,
            name=step.name,
            since=step.reached_at,
            url=kind_get(step.chain.kind).subject_url(step.chain),
        )
        for step in steps
    }


def inbox_rows(entries) -> list[InboxRow]:
    """The rows of one page of `inbox_entries`: one query per source present on the page."""
    wanted: dict[str, list] = {}
    for source, pk, _since in entries:
        wanted.setdefault(source, []).append(pk)
    found = {
        source: _step_rows(pks) if source == STEP_SOURCE else task_source_get(source).rows(pks)
        for source, pks in wanted.items()
    }
    return [found[source][pk] for source, pk, _since in entries if pk in found[source]]


def badge_counts(user, *, fresh: bool = False) -> tuple[int, int]:
    """(waiting for the user, unread notifications): the navigation's badges, in one query.
    On PostgreSQL they are read with the signed-in user (`BADGES`, registered by
    approvals.apps): no query of their own, unless `fresh` (a page after a change)."""
    known = None if fresh else read_with(user, BADGES)
    if known is None:
        counts, params = _badge_counts(user.pk, is_active=user.is_active)
        with prepared(), connection.cursor() as cursor:
            cursor.execute(f"SELECT {counts}", params)
            known = cursor.fetchone()
    return tuple(known)


BADGES = "badges"


def badges_sql(pk: int, *, is_active: bool = True) -> tuple[str, list]:
    """The badges of the user `pk` as one PostgreSQL value, [waiting, unread], to be read with
    the user (accounts.backends.read_with_user)."""
    counts, params = _badge_counts(pk, is_active=is_active)
    return f"SELECT ARRAY[{counts}]", params


def _badge_counts(pk: int, *, is_active: bool) -> tuple[str, list]:
    """The two counts as SQL expressions "(waiting), (unread)", and their parameters."""
    inbox, unread = _INBOX[is_active].subquery(pk=pk), _UNREAD.subquery(user=pk)
    # Safe: both parts are SQL compiled by the ORM, their values passed as parameters.
    sql = (
        f"(SELECT COUNT(*) FROM ({inbox.sql}) inbox), "  # nosec B608
        f"(SELECT COUNT(*) FROM ({unread.sql}) unread)"
    )
    return sql, [*inbox.params, *unread.params]


def _inbox_statement(is_active: bool) -> Statement:
    """The inbox, compiled once with a stand-in for the user's id: building its union of
    querysets costs several times what running it does. Every part of it reads the data in
    SQL (subqueries: the user's roles, departments, steps and tasks), never in Python; a task
    source must keep it so (approvals.registry)."""
    user = get_user_model()
    return Statement(lambda pk: inbox_entries(user(pk=pk, is_active=is_active)).order_by(), pk=int)


_INBOX = {True: _inbox_statement(True), False: _inbox_statement(False)}
_UNREAD = Statement(
    lambda user: Notification.objects.filter(recipient=user, read_at__isnull=True).values("pk"),
    user=int,
)
