"""Departments and posts (secret posts with their tier and duties) and the headship of a
department, which moves the head's object rights with it."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.events import acting_as
from audit.history import save_recorded as _save
from core.access import require_perm
from core.errors import DomainError

from ..models import Department, Employee, EmployeeUserObjectPermission
from ..roles import Role

# What a department head may do on each employee of their department.
HEAD_PERMISSIONS = ("view_employee",)


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
