"""Pickers that scale (core.pickers, issue 17): a person or an item is found by typing, among
the people the form accepts for this user only, at most 20 at a time in a constant number of
queries; the field refuses an id outside that set; no form lists every employee."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clearance.models import Clearance
from core.classification import Level
from personnel.models import Department, Employee
from personnel.services.people import employee_create
from tests.archives.helpers import grant_all, make_item

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


def person(no):
    return Employee.objects.get(employee_no=no)


def hire(count, department="RD", name="测试员"):
    """`count` new people in post in the department (its head sees them: personnel's rows)."""
    dept = Department.objects.get(code=department)
    return [
        employee_create(
            actor=user("hr"),
            employee_no=f"{department}9{i:03d}",
            name=f"{name}{i:02d}",
            department=dept,
            hire_date=datetime.date(2025, 1, 6),
        )
        for i in range(count)
    ]


def search(client, app, picker, q, **params):
    return client.get(reverse(f"{app}:pick", args=[picker]), {"q": q, **params})


def labels(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'data-label="([^"]*)"', response.content.decode())


def test_a_heads_search_finds_only_their_own_department(demo, login):
    client = login("head_rd")
    assert labels(search(client, "clearance", "requestable", "黄")) == ["黄磊（R0002）"]
    assert labels(search(client, "clearance", "requestable", "林芳")) == []
    assert labels(search(client, "clearance", "requestable", "C0")) == []
    # HR, who may ask for anyone, finds the other department's employee.
    assert labels(search(login("hr"), "clearance", "requestable", "林芳")) == ["林芳（C0002）"]


def test_an_employee_finds_nobody_and_may_not_use_the_officers_pickers(demo, login):
    client = login("emp_rd")
    assert labels(search(client, "clearance", "requestable", "R")) == []
    assert labels(search(client, "clearance", "requestable", "黄磊")) == []  # not even oneself
    for picker in ("reviewable", "violators", "travellers", "holders"):
        assert search(client, "clearance", picker, "R").status_code == 404
    assert search(client, "offboarding", "leavers", "R").status_code == 404
    assert search(client, "archives", "custodians", "R").status_code == 404
    assert search(client, "clearance", "no-such-picker", "R").status_code == 404


def test_at_most_twenty_matches_in_a_constant_number_of_queries(demo, login):
    hire(30)
    client = login("hr")
    search(client, "clearance", "requestable", "测试员")  # the session's first reads
    with CaptureQueriesContext(connection) as few:
        some = labels(search(client, "clearance", "requestable", "测试员0"))
    with CaptureQueriesContext(connection) as many:
        response = search(client, "clearance", "requestable", "测试员")
    assert len(some) == 10
    assert len(labels(response)) == 20 and "前 20 条" in response.content.decode()
    assert len(few.captured_queries) == len(many.captured_queries)


def test_an_empty_text_lists_nobody(demo, login):
    assert labels(search(login("hr"), "clearance", "requestable", "  ")) == []


def test_the_search_matches_the_number_and_for_hr_a_full_identity_number(demo, login):
    assert labels(search(login("hr"), "clearance", "requestable", "r000")) == [
        str(e) for e in Employee.objects.filter(employee_no__startswith="R000", status="active")
    ]
    someone = employee_create(
        actor=user("hr"),
        employee_no="R0900",
        name="卢明",
        department=Department.objects.get(code="RD"),
        hire_date=datetime.date(2025, 1, 6),
        id_number="11010519491231002X",
    )
    hr = login("hr")
    assert labels(search(hr, "clearance", "requestable", "11010519491231002X")) == [str(someone)]
    assert labels(search(hr, "clearance", "requestable", "110105")) == []
    # A head finds their people by name and number, never by an identity number.
    head = login("head_rd")
    assert labels(search(head, "clearance", "requestable", "11010519491231002X")) == []


def _ask(client, **data):
    form = {"level": Level.CONFIDENTIAL, "valid_from": "2026-12-01", "reason": "项目需要"}
    return client.post(reverse("clearance:grant_create"), {**form, **data})


def test_a_forged_id_outside_the_heads_sight_is_refused(demo, login):
    client = login("head_rd")
    other = person("C0002")
    for data in ({"employee": other.pk}, {"employee_search": "C0002"}):
        response = _ask(client, **data)
        assert response.status_code == 200
        assert "请从列表中选择" in response.content.decode()
    assert not Clearance.objects.filter(employee=other).exists()


def test_the_field_takes_the_picked_id_or_the_number_typed_in_full(demo, login):
    client = login("head_rd")
    assert _ask(client, employee=person("R0003").pk).status_code == 302
    assert _ask(client, employee_search="R0004").status_code == 302
    assert Clearance.objects.filter(employee__employee_no__in=["R0003", "R0004"]).count() == 2


def test_a_form_shown_again_names_only_the_picked_person(demo, login):
    hire(30)
    picked = person("R0002")
    html = _ask(login("head_rd"), employee=picked.pk, reason="").content.decode()
    assert 'value="黄磊（R0002）"' in html
    assert f'name="employee" value="{picked.pk}"' in html
    assert "测试员" not in html and "何军" not in html


FORM_PAGES = [
    ("hr", "clearance:grant_create"),
    ("hr", "offboarding:resignation_create"),
    ("security", "clearance:violation_create"),
    ("security", "clearance:travel_create"),
    ("security", "clearance:passport_list"),
    ("security", "clearance:review_list"),
    ("archivist", "archives:item_create"),
]


@pytest.mark.parametrize("username, url_name", FORM_PAGES)
def test_no_form_lists_the_employees(demo, login, username, url_name):
    hired = hire(30, name="新员工")
    html = login(username).get(reverse(url_name)).content.decode()
    assert "data-picker" in html
    assert '<select name="employee"' not in html
    assert not any(e.name in html for e in hired)


def test_the_heads_picker_keeps_to_the_department_and_people_with_a_login(demo, login):
    rd = Department.objects.get(code="RD")
    client = login("hr")
    found = labels(search(client, "personnel", "heads", "R", department=rd.pk))
    expected = Employee.objects.filter(department=rd, status="active", user__isnull=False)
    assert found == [str(e) for e in expected.order_by("employee_no")]
    assert search(client, "personnel", "heads", "R", department="abc").status_code == 404
    assert search(login("head_rd"), "personnel", "heads", "R", department=rd.pk).status_code == 404


def test_the_item_picker_stops_at_the_users_ceiling(demo, login):
    grant_all()  # the archivist is cleared for 机密 (SECRET), not 绝密
    shown = make_item(Level.SECRET, title="可见卷")
    hidden = make_item(Level.TOP_SECRET, title="不可见卷")
    client = login("archivist")
    found = labels(search(client, "archives", "inspected", "T-"))
    assert f"{shown.catalogue_no} 可见卷" in found
    assert not any(hidden.catalogue_no in label for label in found)
    assert labels(search(client, "archives", "inspected", "不可见")) == []
    assert search(login("head_rd"), "archives", "inspected", "T-").status_code == 404


def test_a_long_or_odd_text_is_no_error(demo, login):
    client = login("hr")
    for text in ("x" * 5000, "%", "_", "'--", "（"):
        assert search(client, "clearance", "requestable", text).status_code == 200
