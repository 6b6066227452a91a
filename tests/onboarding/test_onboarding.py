import datetime
import shutil
import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.errors import DomainError
from onboarding import services
from onboarding.models import Appointment, Candidate
from personnel.models import Agreement, Department, Employee, Position
from personnel.services import people as personnel
from tests.test_access_matrix import ROLES

pytestmark = pytest.mark.django_db

ALL_PASS = {"character": "pass", "education": "pass", "qualification": "pass", "identity": "pass"}
ELIGIBLE = {name: True for name in Candidate.CONDITIONS}


def user(name):
    return get_user_model().objects.get(username=name)


def candidate(post="研发工程师", dept="RD", name="新同事"):
    return services.candidate_register(
        actor=user("hr"),
        name=name,
        id_number="110101199001011237",
        department=Department.objects.get(code=dept),
        position=Position.objects.get(department__code=dept, title=post),
    )


def vet(c, **results):
    return services.vetting_record(actor=user("hr"), candidate=c, **results)


def hire(c, no="R0200", username="new_rd"):
    return services.candidate_hire(actor=user("hr"), candidate=c, employee_no=no, username=username)


@pytest.mark.parametrize("missing", Candidate.CHECKS)
def test_hire_is_refused_with_a_check_missing(demo, missing):
    c = candidate()
    vet(c, **{k: v for k, v in ALL_PASS.items() if k != missing}, **ELIGIBLE)
    with pytest.raises(DomainError):
        hire(c)
    assert not Employee.objects.filter(employee_no="R0200").exists()


def test_hire_is_refused_with_a_failed_check(demo):
    c = candidate()
    vet(c, **{**ALL_PASS, "character": "fail"}, **ELIGIBLE)
    with pytest.raises(DomainError) as error:
        hire(c)
    assert "不通过" in error.value.message or "Fail" in error.value.message


def test_a_secret_post_also_needs_every_eligibility_condition(demo):
    c = candidate()
    vet(c, **ALL_PASS, **{**ELIGIBLE, "not_married_to_foreigner": False})
    with pytest.raises(DomainError):
        hire(c)
    vet(c, not_married_to_foreigner=True)
    employee, password = hire(c)
    assert employee.status == Employee.Status.AWAITING_POST and employee.tier == "core"
    assert get_user_model().objects.get(username="new_rd").check_password(password)
    assert Candidate.objects.get(pk=c.pk).status == Candidate.Status.HIRED


def test_a_non_secret_post_needs_only_the_checks(demo):
    c = candidate(post="客服助理", dept="CS")
    vet(c, **ALL_PASS)
    employee, _password = hire(c, no="C0200", username="new_cs")
    assert employee.status == Employee.Status.ACTIVE and employee.tier == "none"


@pytest.fixture
def awaiting(demo):
    c = candidate()
    vet(c, **ALL_PASS, **ELIGIBLE)
    employee, _password = hire(c)
    return employee


def committee_approve(employee, *names):
    appointment = services.appointment_request(actor=user("hr"), employee=employee)
    for name in names:
        from approvals.services import step_decide

        step_decide(actor=user(name), step=appointment.chain.current_step(), outcome="approve")
    appointment.refresh_from_db()
    return appointment


def test_the_committee_step_needs_two_distinct_members(awaiting):
    appointment = services.appointment_request(actor=user("hr"), employee=awaiting)
    from approvals.services import step_decide

    step = appointment.chain.current_step()
    step_decide(actor=user("gm"), step=step, outcome="approve")
    with pytest.raises(DomainError):
        step_decide(actor=user("gm"), step=step, outcome="approve")
    with pytest.raises(DomainError):
        step_decide(actor=user("hr"), step=step, outcome="approve")  # not a member
    step_decide(actor=user("vp"), step=step, outcome="approve")
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.APPROVED
    assert Employee.objects.get(pk=awaiting.pk).appointment_approved_on is not None


def test_the_appointee_never_decides_their_own_appointment(demo):
    security = Employee.objects.get(employee_no="S0001")  # a committee member himself
    appointment = services.appointment_request(actor=user("hr"), employee=security)
    from approvals.services import step_decide

    with pytest.raises(DomainError):
        step_decide(
            actor=user("security"), step=appointment.chain.current_step(), outcome="approve"
        )


@pytest.mark.parametrize("missing", ["training", "commitment", "appointment"])
def test_the_pre_post_gate_with_each_condition_missing(awaiting, missing):
    day = datetime.date(2026, 11, 20)
    if missing != "training":
        personnel.employee_lifecycle_set(
            actor=user("hr"), employee=awaiting, pre_post_trained_on=day
        )
    if missing != "commitment":
        personnel.agreement_add(
            actor=user("hr"), employee=awaiting, kind=Agreement.Kind.COMMITMENT, signed_on=day
        )
    if missing != "appointment":
        committee_approve(awaiting, "gm", "security")
    with pytest.raises(DomainError):
        services.post_take_up(actor=user("hr"), employee=awaiting)
    assert Employee.objects.get(pk=awaiting.pk).status == Employee.Status.AWAITING_POST


def test_the_post_is_taken_up_when_all_three_are_met(awaiting, login):
    personnel.employee_lifecycle_set(
        actor=user("hr"), employee=awaiting, pre_post_trained_on=datetime.date(2026, 11, 20)
    )
    page = login("hr").get(reverse("personnel:employee_detail", args=[awaiting.pk]))
    assert page.content.decode().count("✘") == 2  # commitment and appointment missing
    personnel.agreement_add(
        actor=user("hr"),
        employee=awaiting,
        kind=Agreement.Kind.COMMITMENT,
        signed_on=datetime.date(2026, 11, 20),
    )
    committee_approve(awaiting, "gm", "vp")
    services.post_take_up(actor=user("hr"), employee=awaiting)
    assert Employee.objects.get(pk=awaiting.pk).status == Employee.Status.ACTIVE


def test_the_vetting_form_and_hire_through_the_pages(demo, login):
    c = candidate()
    client = login("hr")
    client.post(
        reverse("onboarding:vetting_record", args=[c.pk]),
        {**ALL_PASS, "note": "背景良好", **{k: "true" for k in ELIGIBLE}},
    )
    c.refresh_from_db()
    assert c.vetted_by == user("hr") and c.chinese_nationality is True
    response = client.post(
        reverse("onboarding:candidate_hire", args=[c.pk]),
        {"employee_no": "R0201", "username": "new_rd2"},
    )
    employee = Employee.objects.get(employee_no="R0201")
    assert response.url == reverse("personnel:employee_detail", args=[employee.pk])


def test_the_application_form_pdf_reads_back_in_chinese(demo, login, tmp_path):
    c = candidate()
    vet(c, **ALL_PASS, vetting_note="经查无不良记录")
    pdf = login("hr").get(reverse("onboarding:application_pdf", args=[c.pk])).content
    path = tmp_path / "application.pdf"
    path.write_bytes(pdf)
    assert shutil.which("pdftotext")
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "应聘申请表" in text and "新同事" in text and "经查无不良记录" in text
    assert "110" in text and "1237" in text
    assert "110101199001011237" not in text  # the number is masked in the form


SEES_ALL = {"hr", "hr_head", "security", "auditor"}


@pytest.mark.parametrize("username", ROLES)
def test_onboarding_urls_for_every_role(demo, login, username):
    c = candidate()
    client = login(username)
    sees = username in SEES_ALL or username == "head_rd"
    expected = {
        reverse("onboarding:candidate_list"): 200,
        reverse("onboarding:candidate_create"): 200 if username == "hr" else 403,
        reverse("onboarding:candidate_detail", args=[c.pk]): 200 if sees else 404,
        reverse("onboarding:application_pdf", args=[c.pk]): (
            200 if username in SEES_ALL else (403 if sees else 404)
        ),
    }
    assert {url: client.get(url).status_code for url in expected} == expected
    vetting = client.post(reverse("onboarding:vetting_record", args=[c.pk]), ALL_PASS)
    assert vetting.status_code == (302 if username == "hr" else (403 if sees else 404))
    html = client.get(reverse("onboarding:candidate_detail", args=[c.pk])).content.decode()
    if sees and username != "hr":
        assert "110101199001011237" not in html  # shown masked except to HR


def test_the_demo_adds_candidates_a_short_clearance_and_due_reviews(demo):
    from django.utils import timezone

    from clearance.models import Clearance
    from clearance.selectors import reviews_due
    from onboarding.demo import seed_onboarding_demo

    seed_onboarding_demo()
    seed_onboarding_demo()  # idempotent
    assert Candidate.objects.count() == 3
    assert any(
        c.missing_for_hire() and "fail" in (c.education, c.character)
        for c in Candidate.objects.all()
    )
    temporary = Clearance.objects.get(temporary=True)
    assert temporary.status == "granted"
    assert 0 <= (temporary.valid_until - timezone.localdate()).days <= 7
    assert len(reviews_due(user("security"))) > 0


def test_the_cv_is_served_only_to_who_may_see_the_candidate(demo, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from audit.models import AccessLog

    c = candidate()
    c.cv.save("简历.pdf", SimpleUploadedFile("简历.pdf", b"%PDF cv"))
    url = reverse("onboarding:candidate_cv", args=[c.pk])
    assert b"".join(login("head_rd").get(url).streaming_content) == b"%PDF cv"
    assert login("head_cs").get(url).status_code == 404
    assert AccessLog.objects.filter(username="head_rd", target_repr__endswith="CV").exists()
