"""How an employee is found and named in a picker (used by every app that picks a person),
and personnel's own picker: a department's new head."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.pickers import Kind, Picker, registry

from .models import Employee
from .selectors import visible_employees


def _employee_search(rows, text, user):
    match = Q(name__icontains=text) | Q(employee_no__istartswith=text)
    if user.has_perm("personnel.change_employee"):
        # Who records identity numbers may find a person by one, typed in full only.
        match |= Q(id_number=text)
    return rows.filter(match).select_related("department")


EMPLOYEE = Kind(
    model=Employee,
    search=_employee_search,
    exact="employee_no",
    order=("employee_no",),
    placeholder=_("Type a name or employee number"),
    detail=lambda employee: employee.department.name,
)


def head_candidates(user, *, department):
    """Who may head the department: its active staff with a login, among those the user sees."""
    return visible_employees(user).filter(
        department=department, status=Employee.Status.ACTIVE, user__isnull=False
    )


HEADS = Picker(
    "personnel:pick",
    "heads",
    EMPLOYEE,
    head_candidates,
    allowed=lambda user: user.has_perm("personnel.change_department"),
    params=("department",),
)

PICKERS = registry(HEADS)
