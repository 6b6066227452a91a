"""Onboarding's transition tables: a move the table does not list is refused, and the
appointment and transfer chains are decided through their services and the one form."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from approvals.models import Decision
from core.errors import DomainError
from core.transitions import transition
from onboarding import services
from onboarding.models import Appointment, Candidate, Transfer
from personnel.models import Department, Employee, Position

pytestmark = pytest.mark.django_db

APPROVE = Decision.Outcome.APPROVE


def user(name):
    return get_user_model().objects.get(username=name)


def hired_candidate():
    candidate = services.candidate_register(
        actor=user("hr"),
        name="新同事",
        id_number="110101199001011237",
        department=Department.objects.get(code="RD"),
        position=Position.objects.get(department__code="RD", title="研发工程师"),
    )
    services.vetting_record(
        actor=user("hr"),
        candidate=candidate,
        **{name: "pass" for name in Candidate.CHECKS},
        **{name: True for name in Candidate.CONDITIONS},
    )
    services.candidate_hire(
        actor=user("hr"), candidate=candidate, employee_no="R0200", username="new_rd"
    )
    return Candidate.objects.get(pk=candidate.pk)


def appointment():
    return services.appointment_request(
        actor=user("hr"), employee=Employee.objects.get(employee_no="R0002")
    )


def transfer():
    return services.transfer_request(
        actor=user("hr"),
        employee=Employee.objects.get(employee_no="C0005"),
        position=Position.objects.get(department__code="CS", title="客服专员"),
    )


def test_a_hired_candidate_is_not_withdrawn(demo):
    candidate = hired_candidate()
    assert candidate.status == Candidate.Status.HIRED
    with pytest.raises(DomainError):
        transition(candidate, Candidate.Status.WITHDRAWN)


def test_a_decided_appointment_is_not_decided_again(demo):
    subject = appointment()
    for name in ("gm", "vp"):
        services.appointment_decide(actor=user(name), appointment=subject, outcome=APPROVE)
    subject.refresh_from_db()
    assert subject.status == Appointment.Status.APPROVED
    with pytest.raises(DomainError):
        transition(subject, Appointment.Status.REJECTED)
    with pytest.raises(DomainError):
        services.appointment_decide(actor=user("security"), appointment=subject, outcome=APPROVE)


def test_a_decided_transfer_is_not_decided_again(demo):
    subject = transfer()
    services.transfer_decide(
        actor=user("security"),
        transfer=subject,
        outcome=Decision.Outcome.REJECT,
        comment="社会关系尚未核实",
    )
    subject.refresh_from_db()
    assert subject.status == Transfer.Status.REJECTED
    with pytest.raises(DomainError):
        transition(subject, Transfer.Status.APPROVED)


def test_the_chain_page_preselects_no_decision_and_the_view_decides(demo, login):
    subject = transfer()
    client = login("security")
    html = client.get(reverse("onboarding:transfer_detail", args=[subject.pk])).content.decode()
    select = re.search(r'<select name="decision"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert re.findall(r'<option value="([^"]*)"[^>]*selected', select) == [""]
    url = reverse("onboarding:transfer_decide", args=[subject.pk])
    client.post(url, {"comment": "x"})  # no choice: nothing decided
    assert Transfer.objects.get(pk=subject.pk).status == Transfer.Status.REQUESTED
    client.post(url, {"decision": APPROVE, "comment": ""})
    assert Transfer.objects.get(pk=subject.pk).status == Transfer.Status.APPROVED
