"""Status, tier and headship change only through their workflows (issue 13, item 1), and a
stale edit form never silently reverts another user's changes (item 5)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from clearance.selectors import travel_restricted
from core.errors import DomainError
from personnel.models import Department, Employee, Position, Tier
from personnel.services import people as services

pytestmark = pytest.mark.django_db

User = get_user_model()


def employee(no):
    return Employee.objects.get(employee_no=no)


def form_data(person, **changes):
    data = {
        "employee_no": person.employee_no,
        "name": person.name,
        "department": person.department_id,
        "position": person.position_id or "",
        "employment_type": person.employment_type,
        "hire_date": person.hire_date.isoformat(),
    }
    return {**data, **changes}


def edit_page_version(client, person) -> str:
    form = client.get(reverse("personnel:employee_edit", args=[person.pk])).context["form"]
    return str(form["version"].value())


def test_the_edit_form_cannot_make_a_core_employee_departed(demo, login):
    person = employee("R0002")  # 黄磊, core, active
    client = login("hr")
    data = form_data(person, status="departed", tier="none")
    data["version"] = edit_page_version(client, person)
    client.post(reverse("personnel:employee_edit", args=[person.pk]), data)
    person.refresh_from_db()
    assert (person.status, person.tier) == (Employee.Status.ACTIVE, Tier.CORE)
    assert travel_restricted().filter(pk=person.pk).exists()


def test_the_edit_form_has_no_status_or_tier_field(demo, login):
    page = login("hr").get(reverse("personnel:employee_edit", args=[employee("R0002").pk]))
    assert {"status", "tier"}.isdisjoint(page.context["form"].fields)


def test_a_new_employee_cannot_be_created_departed_or_hired_in_2035(demo, login):
    rd = Department.objects.get(code="RD")
    client = login("hr")
    url = reverse("personnel:employee_create")
    data = {
        "employee_no": "R0100",
        "name": "新人",
        "department": rd.pk,
        "position": "",
        "employment_type": "formal",
        "hire_date": "2035-01-01",
        "status": "departed",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "入职日期不能晚于一年之后" in response.content.decode()
    assert not Employee.objects.filter(employee_no="R0100").exists()
    client.post(url, {**data, "hire_date": timezone.localdate().isoformat()})
    assert employee("R0100").status == Employee.Status.ACTIVE


def test_a_new_employee_on_a_secret_post_takes_its_tier_and_waits_for_the_post(demo, login):
    post = Position.objects.get(department__code="RD", title="研发工程师")  # core
    login("hr").post(
        reverse("personnel:employee_create"),
        {
            "employee_no": "R0101",
            "name": "新人",
            "department": post.department_id,
            "position": post.pk,
            "employment_type": "formal",
            "hire_date": timezone.localdate().isoformat(),
            "tier": "none",
            "status": "active",
        },
    )
    created = employee("R0101")
    assert (created.tier, created.status) == (Tier.CORE, Employee.Status.AWAITING_POST)


def test_the_service_refuses_creating_a_departed_employee(demo):
    with pytest.raises(DomainError):
        services.employee_create(
            actor=User.objects.get(username="hr"),
            employee_no="R0102",
            name="某人",
            department=Department.objects.get(code="RD"),
            hire_date=datetime.date(2026, 1, 5),
            status=Employee.Status.DEPARTED,
        )


@pytest.mark.parametrize(
    "changes",
    [{"status": Employee.Status.DEPARTED}, {"tier": Tier.NONE}, {"decryption_ends_on": None}],
)
def test_the_update_service_refuses_workflow_facts(demo, changes):
    with pytest.raises(DomainError):
        services.employee_update(
            actor=User.objects.get(username="hr"), employee=employee("R0002"), **changes
        )
    assert employee("R0002").status == Employee.Status.ACTIVE


def test_a_head_does_not_leave_their_department_through_the_edit_form(demo):
    head = employee("C0001")  # head_cs heads 客服部
    with pytest.raises(DomainError):
        services.employee_update(
            actor=User.objects.get(username="hr"),
            employee=head,
            department=Department.objects.get(code="RD"),
            position=None,
        )
    assert employee("C0001").department.code == "CS"


def test_the_django_admin_cannot_change_or_add_employees(demo, client):
    client.force_login(User.objects.get(username="sysadmin"))
    person = employee("R0002")
    client.post(
        f"/admin/personnel/employee/{person.pk}/change/",
        {**form_data(person), "status": "departed", "tier": "none"},
    )
    person.refresh_from_db()
    assert (person.status, person.tier) == (Employee.Status.ACTIVE, Tier.CORE)
    assert client.get("/admin/personnel/employee/add/").status_code == 404


def test_a_stale_edit_form_shows_the_conflict_instead_of_reverting(demo, login, client):
    person = employee("C0005")
    first = login("hr")
    version = edit_page_version(first, person)
    # Another HR user saves a change after the first opened the form.
    other = User.objects.create_user("hr2")
    other.groups.set(User.objects.get(username="hr").groups.all())
    services.employee_update(actor=other, employee=person, name="冯刚强")
    url = reverse("personnel:employee_edit", args=[person.pk])
    response = first.post(url, form_data(person, employment_type="formal", version=version))
    assert response.status_code == 200
    html = response.content.decode()
    assert "hr2" in html and "冯刚强" in html  # who changed what meanwhile
    person.refresh_from_db()
    assert (person.name, person.employment_type) == ("冯刚强", "temporary")
    # The form shows their name (left alone here) and keeps this user's own change.
    shown = response.context["form"]
    assert (shown["name"].value(), shown["employment_type"].value()) == ("冯刚强", "formal")
    first.post(url, {name: shown[name].value() or "" for name in shown.fields})
    person.refresh_from_db()
    assert (person.name, person.employment_type) == ("冯刚强", "formal")
