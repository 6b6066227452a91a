import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from core.errors import DomainError
from personnel.models import Agreement, Department, DossierEntry, Employee, Position, Tier
from personnel.selectors import visible_employees
from personnel.services import people as services

pytestmark = pytest.mark.django_db

User = get_user_model()


def user(username):
    return User.objects.get(username=username)


def employee(no):
    return Employee.objects.get(employee_no=no)


def new_employee(actor, department, **extra):
    fields = dict(
        employee_no="N0001",
        name="新员工",
        department=department,
        position=None,
        employment_type=Employee.EmploymentType.FORMAL,
        hire_date=datetime.date(2026, 11, 2),
        status=Employee.Status.ACTIVE,
        tier=Tier.NONE,
    )
    fields.update(extra)
    return services.employee_create(actor=actor, **fields)


def test_employee_create_records_history_user_and_grants_the_department_head(demo):
    rd = Department.objects.get(code="RD")
    created = new_employee(user("hr"), rd)
    assert created.history.get().history_user == user("hr")
    assert visible_employees(user("head_rd")).filter(pk=created.pk).exists()
    assert not visible_employees(user("head_cs")).filter(pk=created.pk).exists()


def test_employee_create_refuses_a_tier_above_the_position(demo):
    cs = Department.objects.get(code="CS")
    post = Position.objects.get(department=cs, title="客服专员")  # general tier
    with pytest.raises(ValidationError) as error:
        new_employee(user("hr"), cs, position=post, tier=Tier.CORE)
    assert "tier" in error.value.message_dict
    assert not Employee.objects.filter(employee_no="N0001").exists()


def test_employee_create_refuses_a_classified_tier_without_a_secret_post(demo):
    with pytest.raises(ValidationError):
        new_employee(user("hr"), Department.objects.get(code="RD"), tier=Tier.GENERAL)


def test_employee_create_refuses_a_position_of_another_department(demo):
    rd_post = Position.objects.get(department__code="RD", title="研发工程师")
    with pytest.raises(ValidationError) as error:
        new_employee(user("hr"), Department.objects.get(code="CS"), position=rd_post)
    assert "position" in error.value.message_dict


@pytest.mark.parametrize("username", ["auditor", "head_rd", "emp_rd", "security", "gm"])
def test_only_hr_creates_employees(demo, username):
    with pytest.raises(PermissionDenied):
        new_employee(user(username), Department.objects.get(code="RD"))


def test_moving_an_employee_moves_the_heads_sight(demo):
    person = employee("C0005")  # 客服部, no tier
    assert visible_employees(user("head_cs")).filter(pk=person.pk).exists()
    services.employee_update(
        actor=user("hr"),
        employee=person,
        department=Department.objects.get(code="RD"),
        position=None,
    )
    assert not visible_employees(user("head_cs")).filter(pk=person.pk).exists()
    assert visible_employees(user("head_rd")).filter(pk=person.pk).exists()
    latest = person.history.first()
    assert latest.history_user == user("hr") and latest.department.code == "RD"


def test_employee_update_is_refused_to_the_auditor(demo):
    with pytest.raises(PermissionDenied):
        services.employee_update(actor=user("auditor"), employee=employee("C0005"), name="x")
    assert employee("C0005").name == "冯刚"


def test_employee_update_refuses_fields_outside_the_form(demo):
    with pytest.raises(DomainError):
        services.employee_update(actor=user("hr"), employee=employee("C0005"), user=None)


def test_agreement_add_also_writes_the_dossier(demo):
    person = employee("R0008")
    services.agreement_add(
        actor=user("hr"),
        employee=person,
        kind=Agreement.Kind.COMMITMENT,
        signed_on=datetime.date(2026, 11, 20),
    )
    entry = person.dossier.get(kind=DossierEntry.Kind.AGREEMENT)
    assert entry.history.get().history_user == user("hr")
    assert person.agreements.get().history.get().history_user == user("hr")


def test_agreement_add_is_refused_to_a_department_head(demo):
    with pytest.raises(PermissionDenied):
        services.agreement_add(
            actor=user("head_rd"),
            employee=employee("R0008"),
            kind=Agreement.Kind.COMMITMENT,
            signed_on=datetime.date(2026, 11, 20),
        )


def test_dossier_entry_score_above_100_is_refused(demo):
    with pytest.raises(ValidationError):
        services.dossier_entry_add(
            actor=user("hr"),
            employee=employee("R0002"),
            kind=DossierEntry.Kind.TRAINING,
            occurred_on=datetime.date(2026, 11, 1),
            title="保密教育",
            score=101,
        )


def test_seed_demo_is_idempotent(demo):
    from personnel.demo import seed_demo

    before = (Employee.objects.count(), Agreement.objects.count(), User.objects.count())
    assert seed_demo()["employees_created"] == 0
    assert (Employee.objects.count(), Agreement.objects.count(), User.objects.count()) == before
