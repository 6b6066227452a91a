"""Who may decide a step, and what waits for whom (the inbox)."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from personnel.models import Department, Employee
from personnel.roles import Role

from .models import ApprovalStep


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
        step.also_role and holds_role(user, step.also_role))


def step_deciders(step: ApprovalStep) -> QuerySet:
    """Everyone who could decide the step (for notifications); excludes the requester."""
    User = get_user_model()
    if step.person_id:
        users = User.objects.filter(pk=step.person_id)
    else:
        roles = [role for role in (step.role, step.also_role) if role]
        users = User.objects.filter(groups__name__in=roles, is_active=True)
        if step.department_id and step.role == Role.DEPT_HEAD:
            users = users.filter(employee__headed_departments=step.department_id)
        elif step.department_id:
            users = users.filter(employee__department=step.department_id)
    excluded = [step.chain.requested_by_id, step.chain.concerns_id]
    return users.exclude(pk__in=[pk for pk in excluded if pk]).distinct()


def acting_roles_q(user, roles: list[str] | None = None) -> Q:
    """Rows with `role` and `department` fields that the user acts for: the query form of
    `holds_role`, for lists (approval steps, checklist items)."""
    if not user.is_active:
        return Q(pk__in=[])
    if roles is None:
        roles = list(user.groups.values_list("name", flat=True))
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
    roles = list(user.groups.values_list("name", flat=True))
    return (Q(person=user) | acting_roles_q(user, roles)
            | Q(also_role__in=roles, department__isnull=True))  # fmt: skip


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
