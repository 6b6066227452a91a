"""The approval steps of reading requests and loans, on the shared mechanism (A3, A4, C4)."""

from django.conf import settings
from django.utils.translation import gettext as _

from approvals.services import StepSpec
from core.classification import Level
from personnel.models import Department
from personnel.roles import Role

from .models import CUSTODIAN_LEVELS


def head_step(employee) -> StepSpec:
    """The person's department head signs; a head's own request goes to the admin head."""
    if employee.department.head_id in (None, employee.pk):
        return StepSpec(_("Department head"), role=Role.HR_HEAD)
    return StepSpec(_("Department head"), role=Role.DEPT_HEAD, department=employee.department)


def archive_head_step() -> StepSpec:
    """机密/绝密 reading needs the manager of the department that runs the archive (A3)."""
    department = Department.objects.filter(code=settings.ARCHIVES_DEPARTMENT_CODE).first()
    if department is None or department.head_id is None:
        return StepSpec(_("Archive department manager"), role=Role.GM)
    return StepSpec(_("Archive department manager"), role=Role.DEPT_HEAD, department=department)


def two_person_step() -> StepSpec:
    """C4: two distinct members of the confidentiality leadership group or the security
    office; the requester is never one of them (approvals refuses it)."""
    return StepSpec(_("Two-person authorization"), role=Role.COMMITTEE,
                    also_role=Role.SECURITY_OFFICER, required_deciders=2)  # fmt: skip


def reading_steps(item, requester) -> list[StepSpec]:
    steps = [head_step(requester)] if requester else []
    steps.append(StepSpec(_("Archive"), role=Role.ARCHIVIST))
    if item.level in CUSTODIAN_LEVELS:
        steps.append(archive_head_step())
    if item.level == Level.TOP_SECRET:
        steps.append(two_person_step())
    return steps


def loan_steps(item, borrower) -> list[StepSpec]:
    steps = [head_step(borrower), StepSpec(_("Information-management specialist"),
                                           role=Role.INFO_SPECIALIST)]  # fmt: skip
    if item.level == Level.TOP_SECRET:
        steps.append(two_person_step())
    return steps
