"""Departments and posts in the app (issue 17, item 5): HR adds and edits them and sets a
head through the service that moves the head's rights; nobody else reaches the pages."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.errors import DomainError
from personnel.models import Department, Employee, Position, Tier
from personnel.selectors import visible_employees
from personnel.services import accounts, org
from personnel.services.people import employee_create

pytestmark = pytest.mark.django_db

User = get_user_model()


def user(username):
    return User.objects.get(username=username)


def employee(no):
    return Employee.objects.get(employee_no=no)


def _person(department, position, no, name):
    return employee_create(
        actor=user("hr"),
        employee_no=no,
        name=name,
        department=department,
        position=position,
        hire_date=datetime.date(2024, 3, 1),
        status=Employee.Status.ACTIVE,
    )


def test_hr_adds_and_edits_a_department_and_a_post_and_sets_a_head(demo, login):
    client = login("hr")
    response = client.post(
        reverse("personnel:department_create"),
        {"name": "测绘部", "code": "MAP", "is_technical": "on"},
    )
    assert response.status_code == 302
    mapping = Department.objects.get(code="MAP")
    assert mapping.is_technical and mapping.history.get().history_user == user("hr")

    response = client.post(
        reverse("personnel:position_create"),
        {
            "title": "测绘工程师",
            "department": mapping.pk,
            "is_secret_post": "on",
            "required_tier": Tier.IMPORTANT,
            "duties": "不得携带测绘成果离开工作区。",
        },
    )
    assert response.status_code == 302
    post = Position.objects.get(department=mapping, title="测绘工程师")
    assert post.is_secret_post and post.required_tier == Tier.IMPORTANT
    assert post.history.get().history_user == user("hr")

    edit = client.get(reverse("personnel:department_edit", args=[mapping.pk]))
    version = edit.context["form"].initial["version"]
    response = client.post(
        reverse("personnel:department_edit", args=[mapping.pk]),
        {"name": "测绘与地理信息部", "code": "MAP", "version": version},
    )
    assert response.status_code == 302
    mapping.refresh_from_db()
    assert mapping.name == "测绘与地理信息部" and not mapping.is_technical
    assert mapping.history.count() == 2

    edit = client.get(reverse("personnel:position_edit", args=[post.pk]))
    response = client.post(
        reverse("personnel:position_edit", args=[post.pk]),
        {
            "title": "测绘工程师",
            "department": mapping.pk,
            "is_secret_post": "on",
            "required_tier": Tier.CORE,
            "duties": "不得携带测绘成果离开工作区。",
            "version": edit.context["form"].initial["version"],
        },
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.required_tier == Tier.CORE and post.history.first().history_user == user("hr")

    head = _person(mapping, None, "M0001", "石磊")
    staff = _person(mapping, post, "M0002", "孔洁")
    accounts.login_create(actor=user("hr"), employee=head, username="head_map", password="x")
    response = client.post(
        reverse("personnel:department_head_edit", args=[mapping.pk]), {"head": head.pk}
    )
    assert response.status_code == 302
    mapping.refresh_from_db()
    assert mapping.head == head
    assert set(visible_employees(user("head_map"))) == {head, staff}
    assert user("head_map").groups.filter(name="dept_head").exists()


def test_the_lists_search_and_count(demo, login):
    client = login("hr")
    page = client.get(reverse("personnel:department_list"), {"q": "研发"})
    assert [d.code for d in page.context["page"]] == ["RD"]
    assert "共 1 条" in page.content.decode()
    page = client.get(
        reverse("personnel:position_list"),
        {"department": Department.objects.get(code="CS").pk, "secret_post": "no"},
    )
    assert [p.title for p in page.context["page"]] == ["客服助理"]
    assert "共 1 条" in page.content.decode()


@pytest.mark.parametrize("username", ["hr", "sysadmin"])
def test_hr_and_the_system_administrator_see_the_menu_entry(demo, login, username):
    page = login(username).get(reverse("personnel:department_list")).content.decode()
    assert reverse("personnel:position_list") in page
    assert reverse("personnel:department_create") in page


@pytest.mark.parametrize(
    "url",
    [
        ("personnel:department_list", False),
        ("personnel:department_create", False),
        ("personnel:department_edit", True),
        ("personnel:department_head_edit", True),
        ("personnel:department_delete", True),
        ("personnel:position_list", False),
        ("personnel:position_create", False),
        ("personnel:position_edit", True),
        ("personnel:position_delete", True),
    ],
)
def test_an_employee_gets_404_on_every_page(demo, login, url):
    name, with_pk = url
    pk = (
        Department.objects.get(code="RD").pk
        if "department" in name
        else Position.objects.first().pk
    )
    response = login("emp_rd").get(reverse(name, args=[pk] if with_pk else []))
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["personnel:department_create", "personnel:position_create"])
def test_a_reader_of_departments_cannot_write_them(demo, login, name):
    assert login("vp").get(reverse(name)).status_code == 404


def test_a_duplicate_department_name_is_refused_in_chinese(demo, login):
    response = login("hr").post(
        reverse("personnel:department_create"), {"name": "研发部", "code": "RD2"}
    )
    assert response.status_code == 200
    assert "已存在" in response.content.decode()
    assert not Department.objects.filter(code="RD2").exists()


def test_a_duplicate_post_title_in_a_department_is_refused(demo, login):
    rd = Department.objects.get(code="RD")
    response = login("hr").post(
        reverse("personnel:position_create"),
        {"title": "研发工程师", "department": rd.pk, "required_tier": Tier.NONE},
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert Position.objects.filter(department=rd, title="研发工程师").count() == 1


def test_a_secret_post_without_a_tier_and_a_tier_without_a_secret_post_are_refused(demo):
    rd = Department.objects.get(code="RD")
    with pytest.raises(ValidationError) as refused:
        org.position_create(actor=user("hr"), title="新岗", department=rd, is_secret_post=True)
    assert "required_tier" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        org.position_create(actor=user("hr"), title="新岗", department=rd, required_tier=Tier.CORE)
    assert "required_tier" in refused.value.message_dict
    assert not Position.objects.filter(title="新岗").exists()


def test_a_posts_tier_does_not_fall_below_its_holders(demo):
    post = Position.objects.get(department__code="RD", title="研发工程师")
    assert post.employees.filter(tier=Tier.CORE).exists()
    with pytest.raises(DomainError):
        org.position_update(actor=user("hr"), position=post, required_tier=Tier.GENERAL)
    post.refresh_from_db()
    assert post.required_tier == Tier.CORE


def test_a_held_post_keeps_its_department_and_kind(demo):
    post = Position.objects.get(department__code="RD", title="研发工程师")
    with pytest.raises(DomainError):
        org.position_update(
            actor=user("hr"), position=post, department=Department.objects.get(code="CS")
        )
    with pytest.raises(DomainError):
        org.position_update(
            actor=user("hr"), position=post, is_secret_post=False, required_tier=Tier.NONE
        )


def test_a_department_with_people_is_not_deleted(demo, login):
    rd = Department.objects.get(code="RD")
    client = login("hr")
    confirm = client.get(reverse("personnel:department_delete", args=[rd.pk]))
    assert confirm.status_code == 200 and "先" in confirm.content.decode()
    response = client.post(reverse("personnel:department_delete", args=[rd.pk]), follow=True)
    assert Department.objects.filter(pk=rd.pk).exists()
    assert "研发部" in response.content.decode()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_a_post_with_people_is_not_deleted(demo):
    post = Position.objects.get(department__code="RD", title="研发工程师")
    with pytest.raises(DomainError):
        org.position_delete(actor=user("hr"), position=post)
    assert Position.objects.filter(pk=post.pk).exists()


def test_an_empty_post_and_department_are_deleted_after_confirmation(demo, login):
    client = login("hr")
    empty = org.department_create(actor=user("hr"), name="筹备组", code="PREP")
    post = org.position_create(actor=user("hr"), title="筹备专员", department=empty)
    assert client.get(reverse("personnel:position_delete", args=[post.pk])).status_code == 200
    assert Position.objects.filter(pk=post.pk).exists()  # a GET only asks
    client.post(reverse("personnel:position_delete", args=[post.pk]))
    client.post(reverse("personnel:department_delete", args=[empty.pk]))
    assert not Department.objects.filter(pk=empty.pk).exists()
    assert not Position.objects.filter(pk=post.pk).exists()
    deleted = Department.history.filter(id=empty.pk).first()
    assert deleted.history_type == "-" and deleted.history_user == user("hr")
    assert Position.history.filter(id=post.pk).first().history_user == user("hr")


def test_a_department_head_cannot_use_the_services(demo):
    rd = Department.objects.get(code="RD")
    with pytest.raises(PermissionDenied):
        org.department_update(actor=user("head_rd"), department=rd, name="x")
    with pytest.raises(PermissionDenied):
        org.department_delete(actor=user("head_rd"), department=rd)


def test_changing_the_head_revokes_the_old_and_grants_the_new(demo):
    cs = Department.objects.get(code="CS")
    new_head = employee("C0003")
    accounts.login_create(actor=user("hr"), employee=new_head, username="head_cs2", password="x")
    new_head.refresh_from_db()
    org.department_set_head(actor=user("hr"), department=cs, head=new_head)
    assert (
        not visible_employees(user("head_cs"))
        .filter(department=cs)
        .exclude(user__username="head_cs")
        .exists()
    )
    assert visible_employees(user("head_cs2")).filter(department=cs).count() == (
        Employee.objects.filter(department=cs).count()
    )
    assert not user("head_cs").groups.filter(name="dept_head").exists()
    assert user("head_cs2").groups.filter(name="dept_head").exists()
    assert cs.history.first().history_user == user("hr")


def test_the_head_must_belong_to_the_department(demo):
    with pytest.raises(DomainError):
        org.department_set_head(
            actor=user("hr"), department=Department.objects.get(code="CS"), head=employee("R0002")
        )


def test_clearing_the_head_removes_every_grant(demo):
    rd = Department.objects.get(code="RD")
    org.department_set_head(actor=user("hr"), department=rd, head=None)
    assert list(visible_employees(user("head_rd"))) == [employee("R0001")]
