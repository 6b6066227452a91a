"""The steps that recur in every subject's chain, defined once."""

from django.utils.translation import gettext as _

from personnel.roles import Role

from .services import StepSpec


def department_head_step(employee) -> StepSpec:
    """The person's department head signs. A department without a head, or a head asking for
    themselves, goes to the head of administration instead: nobody signs their own request."""
    department = employee.department
    if department.head_id in (None, employee.pk):
        return StepSpec(_("Department head"), role=Role.HR_HEAD)
    return StepSpec(_("Department head"), role=Role.DEPT_HEAD, department=department)
