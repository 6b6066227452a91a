"""Identity numbers are checked and unique among candidates and employees; a post belongs to
the chosen department (issue 13, item 7)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from onboarding import services
from onboarding.models import Candidate
from personnel.identity import IdType, gb11643_check_digit, validate_id_number
from personnel.models import Department, Employee, Position
from personnel.services import people as personnel

pytestmark = pytest.mark.django_db

VALID = "110101199001011237"


def user(name):
    return get_user_model().objects.get(username=name)


def register_form(client, **changes):
    rd = Department.objects.get(code="RD")
    data = {
        "name": "新同事",
        "id_type": IdType.RESIDENT_ID,
        "id_number": VALID,
        "department": rd.pk,
        "position": rd.positions.get(title="研发工程师").pk,
    }
    return client.post(reverse("onboarding:candidate_create"), {**data, **changes})


def test_the_gb11643_check_digit_matches_published_examples():
    assert gb11643_check_digit("11010519491231002") == "X"
    assert gb11643_check_digit("44052418800101001") == "4"


@pytest.mark.parametrize(
    "id_type,number",
    [
        (IdType.RESIDENT_ID, "110101199001011234"),  # wrong check digit
        (IdType.RESIDENT_ID, "11010119900101123"),  # 17 characters
        (IdType.RESIDENT_ID, "110101199002301230"),  # 30 February
        (IdType.RESIDENT_ID, "11010119900101123A"),
        (IdType.HK_MACAO, "X12345678"),
        (IdType.TAIWAN, "1234567"),
        (IdType.PASSPORT, "E12<script>"),
    ],
)
def test_malformed_numbers_are_refused(id_type, number):
    with pytest.raises(ValidationError):
        validate_id_number(id_type, number)


@pytest.mark.parametrize(
    "id_type,number",
    [
        (IdType.RESIDENT_ID, VALID),
        (IdType.RESIDENT_ID, "11010519491231002x"),
        (IdType.PASSPORT, "E12345678"),
        (IdType.HK_MACAO, "H12345678"),
        (IdType.TAIWAN, "12345678"),
    ],
)
def test_wellformed_numbers_pass(id_type, number):
    validate_id_number(id_type, number)


def test_the_form_refuses_a_wrong_check_digit_in_chinese(demo, login):
    response = register_form(login("hr"), id_number="110101199001011234")
    assert response.status_code == 200
    assert "校验码" in response.content.decode()
    assert not Candidate.objects.filter(name="新同事").exists()


def test_a_number_is_registered_once_among_applying_candidates(demo, login):
    client = login("hr")
    assert register_form(client).status_code == 302
    response = register_form(client, name="另一人", id_number=VALID.lower())
    assert "已登记" in response.content.decode()
    assert Candidate.objects.filter(id_number=VALID).count() == 1


def test_a_candidate_cannot_carry_an_employees_number(demo, login):
    personnel.employee_update(
        actor=user("hr"), employee=Employee.objects.get(employee_no="C0005"), id_number=VALID
    )
    response = register_form(login("hr"))
    assert "已登记" in response.content.decode()
    assert not Candidate.objects.filter(name="新同事").exists()


def test_two_employees_cannot_share_a_number(demo):
    personnel.employee_update(
        actor=user("hr"), employee=Employee.objects.get(employee_no="C0005"), id_number=VALID
    )
    with pytest.raises(ValidationError):
        personnel.employee_update(
            actor=user("hr"), employee=Employee.objects.get(employee_no="C0006"), id_number=VALID
        )


def test_a_post_of_another_department_is_refused(demo, login):
    cs_post = Position.objects.get(department__code="CS", title="客服专员")
    response = register_form(login("hr"), position=cs_post.pk)
    assert "该岗位属于其他部门" in response.content.decode()
    assert not Candidate.objects.filter(name="新同事").exists()


def test_hiring_carries_the_number_to_the_employee_shown_masked_to_the_head(demo, login):
    candidate = services.candidate_register(
        actor=user("hr"),
        name="新同事",
        id_number=VALID,
        department=Department.objects.get(code="RD"),
        position=Position.objects.get(department__code="RD", title="测试工程师"),
    )
    services.vetting_record(
        actor=user("hr"),
        candidate=candidate,
        **{name: "pass" for name in Candidate.CHECKS},
        **{name: True for name in Candidate.CONDITIONS},
    )
    employee, _password = services.candidate_hire(
        actor=user("hr"), candidate=candidate, employee_no="R0300", username="new_rd"
    )
    assert employee.id_number == VALID
    url = reverse("personnel:employee_detail", args=[employee.pk])
    head_page = login("head_rd").get(url).content.decode()
    assert VALID not in head_page and employee.masked_id in head_page
    assert VALID in login("hr").get(url).content.decode()
