"""The parts every subject's chain shares: the department-head step, the decision form, the
decide pattern and the transition table."""

import pytest
from django.contrib.auth import get_user_model

from approvals.forms import DecisionForm
from approvals.models import ApprovalChain, ApprovalStep
from approvals.registry import ChainKind, register
from approvals.services import StepSpec, chain_start
from approvals.steps import department_head_step
from core.errors import DomainError
from core.transitions import transition
from personnel.models import Department, Employee
from personnel.roles import Role

pytestmark = pytest.mark.django_db

register(ChainKind("test-shared", "test", lambda chain: "/"))


def user(name):
    return get_user_model().objects.get(username=name)


def test_the_head_signs_for_their_people(demo):
    employee = (
        Employee.objects.exclude(department__head=None)
        .exclude(pk__in=Department.objects.exclude(head=None).values("head"))
        .first()
    )
    step = department_head_step(employee)
    assert (step.role, step.department) == (Role.DEPT_HEAD, employee.department)


def test_a_head_asking_for_themselves_goes_to_the_head_of_administration(demo):
    head = Department.objects.exclude(head=None).first().head
    step = department_head_step(head)
    assert (step.role, step.department) == (Role.HR_HEAD, None)


def test_a_department_without_a_head_goes_to_the_head_of_administration(demo):
    employee = Employee.objects.exclude(department__head=None).first()
    Department.objects.filter(pk=employee.department_id).update(head=None)
    employee.refresh_from_db()
    assert department_head_step(employee).role == Role.HR_HEAD


def test_the_decision_form_decides_nothing_by_itself():
    assert not DecisionForm({"comment": "好"}).is_valid()
    assert DecisionForm({"decision": "reject", "comment": "不符合"}).is_valid()
    assert DecisionForm().fields["decision"].choices[0][0] == ""


def test_a_transition_the_table_does_not_list_is_refused(demo):
    chain = chain_start(
        actor=user("hr"),
        kind="test-shared",
        subject=Employee.objects.get(employee_no="R0002"),
        title="t",
        steps=[StepSpec("安全保密处", role=Role.SECURITY_OFFICER)],
    )
    step = chain.steps.get()
    assert step.status == ApprovalStep.Status.PENDING
    with pytest.raises(DomainError, match="不能|cannot"):
        transition(step, ApprovalStep.Status.WAITING)
    transition(chain, ApprovalChain.Status.APPROVED)
    with pytest.raises(DomainError):
        transition(chain, ApprovalChain.Status.CANCELLED)
