"""Every write on personnel records: transactional, locked, permission-checked, with history."""

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.events import acting_as
from accounts.services import sessions_end
from audit.history import require_version
from audit.history import save_recorded as _save
from core.access import require_perm
from core.errors import DomainError

from .models import (
    Agreement,
    Department,
    DossierEntry,
    Employee,
    EmployeeUserObjectPermission,
    Tier,
)
from .roles import Role

User = get_user_model()

# What a department head may do on each employee of their department.
HEAD_PERMISSIONS = ("view_employee",)

# The plain facts HR edits. Status, tier and headship are workflow facts: onboarding,
# offboarding and transfers set them through their own services (issue: no bypass).
EMPLOYEE_FIELDS = (
    "employee_no",
    "name",
    "department",
    "position",
    "employment_type",
    "id_type",
    "id_number",
    "hire_date",
)

# A record starts in post, or waiting for a secret post's pre-post gate (O6); never leaving.
STARTING_STATUSES = (Employee.Status.ACTIVE, Employee.Status.AWAITING_POST)


def _head_permissions():
    return list(
        Permission.objects.filter(
            content_type__app_label="personnel", codename__in=HEAD_PERMISSIONS
        )
    )


def _grant_head(head_user, employees) -> None:
    rows = [
        EmployeeUserObjectPermission(user=head_user, permission=perm, content_object=employee)
        for perm in _head_permissions()
        for employee in employees
    ]
    EmployeeUserObjectPermission.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)


def _revoke_head(head_user, employees_qs) -> None:
    EmployeeUserObjectPermission.objects.filter(
        user=head_user, content_object__in=employees_qs
    ).delete()


def _head_user(department: Department | None):
    head = department.head if department and department.head_id else None
    return head.user if head and head.user_id else None


def _sync_dept_head_group(user) -> None:
    group, _created = Group.objects.get_or_create(name=Role.DEPT_HEAD)
    if Department.objects.filter(head__user=user).exists():
        user.groups.add(group)
    else:
        user.groups.remove(group)


@transaction.atomic
def employee_create(
    *, actor, user=None, status: str | None = None, tier: str | None = None, **fields
) -> Employee:
    """Register a person. The tier is the post's unless the caller (onboarding, the demo's
    roll-out of existing staff) names a lower one; a secret post waits for its pre-post gate
    unless the caller records the person as already in post."""
    require_perm(actor, "personnel.add_employee")
    unknown = set(fields) - set(EMPLOYEE_FIELDS)
    if unknown:
        raise DomainError(_("Field “%(field)s” cannot be set here.") % {"field": unknown.pop()})
    employee = Employee(user=user, **fields)
    post = employee.position
    waits = post is not None and post.is_secret_post
    employee.tier = tier or (post.required_tier if post else Tier.NONE)
    employee.status = status or (Employee.Status.AWAITING_POST if waits else Employee.Status.ACTIVE)
    if employee.status not in STARTING_STATUSES:
        raise DomainError(_("A new record starts in post or awaiting its post."))
    _save(employee, actor)
    head_user = _head_user(employee.department)
    if head_user:
        _grant_head(head_user, [employee])
    return employee


@transaction.atomic
def employee_update(
    *, actor, employee: Employee, transfer: bool = False, version: int | None = None, **changes
) -> Employee:
    """Edit the plain facts. A move into or out of a secret post is a transfer (O5, C1): it
    goes through onboarding's review, which calls this with transfer=True (and the new post's
    tier) after its own check. `version` comes from the edit form (lost updates)."""
    if not transfer:
        require_perm(actor, "personnel.change_employee")
    employee = (
        Employee.objects.select_for_update(of=("self",))
        .select_related("position")
        .get(pk=employee.pk)
    )
    require_version(employee, version)
    old_department, old_position = employee.department, employee.position
    allowed = (*EMPLOYEE_FIELDS, "tier") if transfer else EMPLOYEE_FIELDS
    for name, value in changes.items():
        if name not in allowed:
            raise DomainError(_("Field “%(field)s” cannot be changed here.") % {"field": name})
        setattr(employee, name, value)
    secret = [p.is_secret_post for p in (old_position, employee.position) if p is not None]
    if not transfer and employee.position != old_position and any(secret):
        raise DomainError(_("A move into or out of a secret post is a transfer: use Transfer."))
    if employee.department_id != old_department.pk and old_department.head_id == employee.pk:
        raise DomainError(
            _("This person heads %(dept)s: appoint another head first.")
            % {"dept": old_department.name}
        )
    _save(employee, actor)
    if employee.department_id != old_department.pk:
        # The old head loses sight of the person; the new head gains it (least privilege).
        old_head = _head_user(old_department)
        if old_head:
            _revoke_head(old_head, Employee.objects.filter(pk=employee.pk))
        new_head = _head_user(employee.department)
        if new_head:
            _grant_head(new_head, [employee])
    return employee


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
    old_head_user = _head_user(department)
    department.head = head
    _save(department, actor)
    members = Employee.objects.filter(department=department)
    with acting_as(actor):  # the department-head role follows the headship
        if old_head_user:
            _revoke_head(old_head_user, members)
            _sync_dept_head_group(old_head_user)
        if head is not None:
            _grant_head(head.user, members.iterator(chunk_size=2000))
            _sync_dept_head_group(head.user)
    return department


@transaction.atomic
def department_create(*, actor, name: str, code: str, is_technical: bool = False) -> Department:
    require_perm(actor, "personnel.add_department")
    department = Department(name=name, code=code, is_technical=is_technical)
    _save(department, actor)
    return department


@transaction.atomic
def agreement_add(
    *, actor, employee: Employee, kind: str, signed_on: date, scan=None, note: str = ""
) -> Agreement:
    require_perm(actor, "personnel.add_agreement")
    agreement = Agreement(employee=employee, kind=kind, signed_on=signed_on, note=note)
    if scan:
        agreement.scan = scan
    _save(agreement, actor)
    dossier_entry_add(
        actor=actor,
        employee=employee,
        kind=DossierEntry.Kind.AGREEMENT,
        occurred_on=signed_on,
        title=agreement.get_kind_display(),
        check=False,
    )
    return agreement


@transaction.atomic
def dossier_entry_add(
    *,
    actor,
    employee: Employee,
    kind: str,
    occurred_on: date,
    title: str,
    detail: str = "",
    score: int | None = None,
    check: bool = True,
) -> DossierEntry:
    """Add a dossier line. Other apps' services call it with check=False after their own check."""
    if check:
        require_perm(actor, "personnel.add_dossierentry")
    entry = DossierEntry(
        employee=employee,
        kind=kind,
        occurred_on=occurred_on,
        title=title,
        detail=detail,
        score=score,
    )
    _save(entry, actor)
    return entry


@transaction.atomic
def login_create(
    *, actor, employee: Employee, username: str, password: str, email: str = ""
) -> Employee:
    """Give an employee a login with the `employee` role only: any other role is the
    security administrator's to grant (accounts.services.roles_set, C10)."""
    require_perm(actor, "auth.add_user")
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    if employee.user_id:
        raise DomainError(_("This employee already has a login."))
    with acting_as(actor):
        user = User.objects.create_user(username=username, password=password, email=email)
        user.groups.add(Group.objects.get(name=Role.EMPLOYEE))
    employee.user = user
    _save(employee, actor)
    return employee


@transaction.atomic
def login_attach(*, actor, employee: Employee, user) -> Employee:
    """Give an employee the account the system administrator made before they were in the
    register (the first HR clerk's, at installation)."""
    require_perm(actor, "auth.add_user")
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    if employee.user_id or Employee.objects.filter(user=user).exists():
        raise DomainError(_("This employee already has a login."))
    employee.user = user
    _save(employee, actor)
    return employee


# --- Facts that higher apps (onboarding, offboarding) cause; they check their own rights. ---

SYSTEM_USERNAME = "system"


def system_user():
    """The named actor of Celery tasks and commands: history never has an empty actor."""
    user, _created = User.objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"is_active": False, "first_name": "系统"}
    )
    return user


@transaction.atomic
def employee_lifecycle_set(*, actor, employee: Employee, **facts) -> Employee:
    """Set the facts a workflow decided: status (P1), the decryption period's end (F9), the
    pre-post training (O6)."""
    allowed = {"status", "decryption_ends_on", "pre_post_trained_on", "appointment_approved_on"}
    if not set(facts) <= allowed:
        raise DomainError(_("Only lifecycle facts are set here."))
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    for name, value in facts.items():
        setattr(employee, name, value)
    _save(employee, actor)
    return employee


@transaction.atomic
def login_deactivate(*, actor, employee: Employee) -> None:
    """Revoke all access of a leaving person (C1): the login, the roles, every object right
    and any department headship."""
    if employee.user_id is None:
        return
    user = User.objects.select_for_update().get(pk=employee.user_id)
    for department in Department.objects.filter(head=employee):
        department.head = None
        _save(department, actor)
    EmployeeUserObjectPermission.objects.filter(user=user).delete()
    with acting_as(actor):
        user.groups.clear()
        user.user_permissions.clear()
        user.is_active = False
        user.save(update_fields=["is_active"])
    sessions_end(user=user)


def dossier_entries_add_bulk(*, actor, entries: list[DossierEntry]) -> None:
    """Many dossier lines at once (a month's overdue training), history written in bulk.
    Callers check their own rights."""
    from simple_history.utils import bulk_create_with_history

    for entry in entries:
        entry.full_clean()
    bulk_create_with_history(entries, DossierEntry, batch_size=2000, default_user=actor)
