"""The generic mechanism, on a subject no workflow app owns: N deciders, named persons,
department scope, the inbox."""

import pytest
from django.contrib.auth import get_user_model

from approvals.models import ApprovalChain, ApprovalStep
from approvals.registry import ChainKind, register
from approvals.selectors import steps_waiting_for
from approvals.services import StepSpec, chain_start, step_decide
from core.errors import DomainError
from personnel.models import Department, Employee

pytestmark = pytest.mark.django_db

FINISHED = []
register(
    ChainKind(
        "test-two-person", "test", lambda chain: "/", lambda chain, actor: FINISHED.append(chain)
    )
)


def user(name):
    return get_user_model().objects.get(username=name)


def start(steps, requested_by="emp_rd"):
    return chain_start(
        actor=user(requested_by),
        kind="test-two-person",
        subject=Employee.objects.get(employee_no="R0002"),
        title="读取绝密档案",
        requested_by=user(requested_by),
        steps=steps,
    )


def test_a_two_person_step_needs_two_distinct_deciders(demo):
    chain = start([StepSpec("双人授权", role="confidentiality_committee", required_deciders=2)])
    step = chain.steps.get()
    step_decide(actor=user("gm"), step=step, outcome="approve", comment="同意")
    step.refresh_from_db()
    assert step.status == ApprovalStep.Status.PENDING  # one of two
    with pytest.raises(DomainError):
        step_decide(actor=user("gm"), step=step, outcome="approve")  # the same person again
    assert [s.pk for s in steps_waiting_for(user("gm"))] == []
    assert [s.pk for s in steps_waiting_for(user("security"))] == [step.pk]
    step_decide(actor=user("security"), step=step, outcome="approve")
    chain.refresh_from_db()
    assert chain.status == ApprovalChain.Status.APPROVED and chain in FINISHED


def test_the_requester_is_never_one_of_the_two(demo):
    chain = start(
        [StepSpec("双人授权", role="confidentiality_committee", required_deciders=2)],
        requested_by="vp",
    )
    with pytest.raises(DomainError):
        step_decide(actor=user("vp"), step=chain.steps.get(), outcome="approve")


def test_a_named_person_decides_a_step(demo):
    chain = start([StepSpec("保管人确认", person=user("archivist"))])
    step = chain.steps.get()
    with pytest.raises(DomainError):
        step_decide(actor=user("security"), step=step, outcome="approve")
    assert list(steps_waiting_for(user("archivist"))) == [step]
    step_decide(actor=user("archivist"), step=step, outcome="approve")
    assert ApprovalChain.objects.get(pk=chain.pk).status == ApprovalChain.Status.APPROVED


def test_a_role_scoped_to_a_department(demo):
    cs = Department.objects.get(code="CS")
    chain = start([StepSpec("部门审核", role="dept_head", department=cs)])
    step = chain.steps.get()
    assert list(steps_waiting_for(user("head_rd"))) == []
    with pytest.raises(DomainError):
        step_decide(actor=user("head_rd"), step=step, outcome="approve")
    step_decide(actor=user("head_cs"), step=step, outcome="approve")


def test_the_first_step_notifies_its_deciders(demo):
    from core.models import Notification

    chain = start([StepSpec("双人授权", role="confidentiality_committee", required_deciders=2)])
    told = set(
        Notification.objects.filter(dedupe_key__startswith="approvals:reached:").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"gm", "vp", "security"}
    assert chain.steps.get().reached_at is not None
