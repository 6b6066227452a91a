"""Logins of employees: the first one (the employee role only), the administrator's account
attached to its person, and the revocation of all access when someone leaves (C1); and the
named system actor of tasks and commands."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.events import acting_as
from accounts.services import sessions_end
from audit.history import save_recorded as _save
from core.access import require_perm
from core.errors import DomainError

from ..models import Department, Employee, EmployeeUserObjectPermission
from ..roles import Role

User = get_user_model()

SYSTEM_USERNAME = "system"


def system_user():
    """The named actor of Celery tasks and commands: history never has an empty actor."""
    user, _created = User.objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"is_active": False, "first_name": "系统"}
    )
    return user


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
