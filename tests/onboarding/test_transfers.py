"""O5, C7, C1: moves into and out of secret posts."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from approvals.services import step_decide
from clearance.models import Clearance
from clearance.services import grants as clearance
from core.errors import DomainError
from onboarding import services
from onboarding.models import Transfer
from personnel.models import Employee, Position
from personnel.services import people as personnel

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


def employee(no):
    return Employee.objects.get(employee_no=no)


def post(dept, title):
    return Position.objects.get(department__code=dept, title=title)


def test_a_move_into_a_secret_post_waits_for_its_review(demo):
    person = employee("C0005")  # 客服助理, non-classified
    transfer = services.transfer_request(
        actor=user("hr"), employee=person, position=post("CS", "客服部经理")
    )
    assert transfer.kind == Transfer.Kind.CREDIT_VETTING  # general → important
    person.refresh_from_db()
    assert person.position.title == "客服助理" and person.tier == "none"  # not yet
    with pytest.raises(DomainError):
        step_decide(actor=user("hr"), step=transfer.chain.current_step(), outcome="approve")
    step_decide(actor=user("security"), step=transfer.chain.current_step(), outcome="approve")
    person.refresh_from_db()
    assert person.position.title == "客服部经理" and person.tier == "important"
    assert person.status == Employee.Status.AWAITING_POST  # the pre-post gate again
    assert Transfer.objects.get(pk=transfer.pk).status == Transfer.Status.APPROVED


def test_a_rejected_review_leaves_the_person_where_they_were(demo):
    person = employee("C0005")
    transfer = services.transfer_request(
        actor=user("hr"), employee=person, position=post("CS", "客服专员")
    )
    assert transfer.kind == Transfer.Kind.CONFIDENTIALITY_REVIEW
    step_decide(
        actor=user("security"),
        step=transfer.chain.current_step(),
        outcome="reject",
        comment="社会关系尚未核实",
    )
    person.refresh_from_db()
    assert person.position.title == "客服助理" and person.status == Employee.Status.ACTIVE


def test_the_edit_form_cannot_bypass_the_review(demo):
    with pytest.raises(DomainError):
        personnel.employee_update(
            actor=user("hr"),
            employee=employee("C0005"),
            position=post("CS", "客服专员"),
            tier="general",
        )


def test_a_move_out_of_a_secret_post_ends_the_clearances_it_needed(demo):
    granted = clearance.clearance_request(
        actor=user("head_rd"),
        employee=employee("R0004"),
        level="secret",
        valid_from="2026-11-01",
        reason="项目",
    )
    clearance.clearance_decide(actor=user("security"), clearance=granted, outcome="approve")
    assert (
        services.transfer_request(
            actor=user("hr"), employee=employee("R0004"), position=post("CS", "客服助理")
        )
        is None
    )
    person = employee("R0004")
    assert person.tier == "none" and person.department.code == "CS"
    assert Clearance.objects.get(pk=granted.pk).status == Clearance.Status.EXPIRED


@pytest.mark.parametrize(
    "username, status", [("hr", 302), ("head_rd", 403), ("auditor", 403), ("emp_rd", 404)]
)
def test_transfer_url_rights(demo, login, username, status):
    person = employee("R0002") if username != "emp_rd" else employee("C0005")
    response = login(username).post(
        reverse("onboarding:transfer_request", args=[person.pk]),
        {"position": post("RD", "测试工程师").pk},
    )
    assert response.status_code == status


ROLES_ALL = [
    "hr",
    "hr_head",
    "vp",
    "gm",
    "head_rd",
    "head_cs",
    "archivist",
    "info_spec",
    "security",
    "it",
    "auditor",
    "emp_rd",
    "emp_cs",
]


@pytest.mark.parametrize("username", ROLES_ALL)
def test_appointment_transfer_and_hire_urls_for_every_role(demo, login, username):
    from onboarding.models import Candidate

    rd_person = employee("R0008")
    appointment = services.appointment_request(actor=user("hr"), employee=rd_person)
    transfer = services.transfer_request(
        actor=user("hr"), employee=employee("C0005"), position=post("CS", "客服专员")
    )
    candidate = Candidate.objects.create(
        name="甲",
        id_number="110101199001010000",
        department=rd_person.department,
        position=post("RD", "研发工程师"),
        registered_by=user("hr"),
    )
    client = login(username)
    sees_all = username in {"hr", "hr_head", "security", "auditor"}
    committee = username in {"gm", "vp", "security"}
    expected = {
        reverse("onboarding:appointment_detail", args=[appointment.pk]): (
            200 if sees_all or committee or username in {"head_rd"} else 404
        ),
        reverse("onboarding:transfer_detail", args=[transfer.pk]): (
            200 if sees_all or username == "head_cs" else 404
        ),
    }
    assert {url: client.get(url).status_code for url in expected} == expected
    hire = client.post(
        reverse("onboarding:candidate_hire", args=[candidate.pk]),
        {"employee_no": "R0999", "username": "x_new"},
    )
    sees_candidate = sees_all or username == "head_rd"
    assert hire.status_code == (302 if username == "hr" else (403 if sees_candidate else 404))
    assert not Employee.objects.filter(employee_no="R0999").exists()  # checks not done
    take_up = client.post(reverse("onboarding:post_take_up", args=[rd_person.pk]))
    sees_person = username in {"hr", "hr_head", "vp", "gm", "security", "auditor", "head_rd"}
    assert take_up.status_code == (302 if username == "hr" else (403 if sees_person else 404))


@pytest.mark.parametrize(
    "username, status", [("hr", 200), ("head_rd", 403), ("auditor", 403), ("emp_rd", 404)]
)
def test_the_transfer_form_is_a_page_of_its_own(demo, login, username, status):
    person = employee("R0002") if username != "emp_rd" else employee("C0005")
    response = login(username).get(reverse("onboarding:transfer_request", args=[person.pk]))
    assert response.status_code == status
    if status == 200:
        text = response.content.decode()
        assert f'value="{post("RD", "测试工程师").pk}"' in text
        assert f'value="{person.position_id}"' not in text  # not the post they hold
