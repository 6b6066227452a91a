"""Departments and posts (secret posts with their tier and duties) and the headship of a
department, which moves the head's object rights with it."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from accounts.events import acting_as
from audit.history import require_version
from audit.history import save_recorded as _save
from core.access import require_perm
from core.errors import DomainError

from ..models import TIER_RANK, Department, Employee, EmployeeUserObjectPermission, Position, Tier
from ..roles import Role

# What a department head may do on each employee of their department.
HEAD_PERMISSIONS = ("view_employee",)

# The facts HR edits on the pages; the head changes through department_set_head only.
DEPARTMENT_FIELDS = ("name", "code", "is_technical")
POSITION_FIELDS = ("title", "department", "is_secret_post", "required_tier", "duties")


def _head_permissions():
    return list(
        Permission.objects.filter(
            content_type__app_label="personnel", codename__in=HEAD_PERMISSIONS
        )
    )


def grant_head(head_user, employees) -> None:
    rows = [
        EmployeeUserObjectPermission(user=head_user, permission=perm, content_object=employee)
        for perm in _head_permissions()
        for employee in employees
    ]
    EmployeeUserObjectPermission.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)


def revoke_head(head_user, employees_qs) -> None:
    EmployeeUserObjectPermission.objects.filter(
        user=head_user, content_object__in=employees_qs
    ).delete()


def department_head_user(department: Department | None):
    head = department.head if department and department.head_id else None
    return head.user if head and head.user_id else None


def _sync_dept_head_group(user) -> None:
    group, _created = Group.objects.get_or_create(name=Role.DEPT_HEAD)
    if Department.objects.filter(head__user=user).exists():
        user.groups.add(group)
    else:
        user.groups.remove(group)


@transaction.atomic
def department_set_head(*, actor, department: Department, head: Employee | None) -> Department:
    """Appoint (or clear) a department's head and move the object permissions with it."""
    require_perm(actor, "personnel.change_department")
    department = Department.objects.select_for_update().get(pk=department.pk)
    if head is not None:
        if head.department_id != department.pk:
            raise DomainError(_("The head must be an employee of the department."))
        if head.status != Employee.Status.ACTIVE:
            raise DomainError(_("The head must be an active employee."))
        if head.user_id is None:
            raise DomainError(_("The head needs a login."))
    old_head_user = department_head_user(department)
    department.head = head
    _save(department, actor)
    members = Employee.objects.filter(department=department)
    with acting_as(actor):  # the department-head role follows the headship
        if old_head_user:
            revoke_head(old_head_user, members)
            _sync_dept_head_group(old_head_user)
        if head is not None:
            grant_head(head.user, members.iterator(chunk_size=2000))
            _sync_dept_head_group(head.user)
    return department


@transaction.atomic
def department_create(*, actor, name: str, code: str, is_technical: bool = False) -> Department:
    require_perm(actor, "personnel.add_department")
    department = Department(name=name, code=code, is_technical=is_technical)
    _save(department, actor)
    return department


@transaction.atomic
def department_update(
    *, actor, department: Department, version: int | None = None, **changes
) -> Department:
    """Rename, recode or flag a department (technical: its leavers sign a bilateral agreement).
    `version` comes from the edit form (lost updates)."""
    require_perm(actor, "personnel.change_department")
    department = Department.objects.select_for_update().get(pk=department.pk)
    require_version(department, version)
    _set(department, changes, DEPARTMENT_FIELDS)
    _save(department, actor)
    return department


@transaction.atomic
def department_delete(*, actor, department: Department) -> None:
    """Only an empty department goes: its people and posts would lose their place."""
    require_perm(actor, "personnel.delete_department")
    department = Department.objects.select_for_update().get(pk=department.pk)
    people = department.employees.count()
    if people:
        raise DomainError(
            _("%(dept)s has %(n)s people: move them to another department first.")
            % {"dept": department.name, "n": people}
        )
    if department.positions.exists():
        raise DomainError(
            _("%(dept)s still has posts: delete them first.") % {"dept": department.name}
        )
    _delete(department, actor)


@transaction.atomic
def position_create(
    *,
    actor,
    title: str,
    department: Department,
    is_secret_post: bool = False,
    required_tier: str = Tier.NONE,
    duties: str = "",
) -> Position:
    """A post; a secret post (P3) requires a classified tier and lists its duties."""
    require_perm(actor, "personnel.add_position")
    position = Position(
        title=title,
        department=department,
        is_secret_post=is_secret_post,
        required_tier=required_tier,
        duties=duties,
    )
    _save(position, actor)
    return position


@transaction.atomic
def position_update(
    *, actor, position: Position, version: int | None = None, **changes
) -> Position:
    """Edit a post. While people hold it, it stays in its department and keeps its kind (a
    move into or out of a secret post is each holder's transfer, O5), and its tier does not
    fall below a holder's (P2)."""
    require_perm(actor, "personnel.change_position")
    position = Position.objects.select_for_update().get(pk=position.pk)
    require_version(position, version)
    before = (position.department_id, position.is_secret_post)
    _set(position, changes, POSITION_FIELDS)
    holders = Employee.objects.filter(position=position)
    if holders.exists():
        if (position.department_id, position.is_secret_post) != before:
            raise DomainError(
                _(
                    "People hold this post: its department and whether it is a secret post "
                    "cannot change (transfer them first)."
                )
            )
        _require_tier_covers(position, holders)
    _save(position, actor)
    return position


@transaction.atomic
def position_delete(*, actor, position: Position) -> None:
    require_perm(actor, "personnel.delete_position")
    position = Position.objects.select_for_update().get(pk=position.pk)
    people = position.employees.count()
    if people:
        raise DomainError(
            _("%(n)s people hold the post %(post)s: move them to another post first.")
            % {"n": people, "post": position.title}
        )
    _delete(position, actor)


def _set(obj, changes: dict, allowed: tuple) -> None:
    for name, value in changes.items():
        if name not in allowed:
            raise DomainError(_("Field “%(field)s” cannot be changed here.") % {"field": name})
        setattr(obj, name, value)


def _require_tier_covers(position: Position, holders) -> None:
    highest = max((TIER_RANK[Tier(t)] for t in holders.values_list("tier", flat=True)), default=0)
    if highest > TIER_RANK[Tier(position.required_tier)]:
        raise DomainError(
            _("Someone on this post holds a higher tier than “%(tier)s”.")
            % {"tier": Tier(position.required_tier).label}
        )


def _delete(obj, actor) -> None:
    """Delete with its actor in the history row; a record still named elsewhere (a candidate,
    an approval step, a training plan) stays."""
    obj._history_user = actor
    try:
        obj.delete()
    except ProtectedError as error:
        raise DomainError(
            _("%(name)s is still referred to by other records and cannot be deleted.")
            % {"name": obj}
        ) from error
