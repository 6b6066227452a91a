"""Every role × every personnel URL × own record / own department / other department."""

import pytest
from django.urls import reverse

from personnel.models import Department, Employee

pytestmark = pytest.mark.django_db

ROLES = [
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
SEES_EVERYONE = {"hr", "hr_head", "vp", "gm", "security", "auditor"}
HEADS = {"head_rd", "head_cs", "hr_head"}
WRITERS = {"hr"}
ROSTER_EXPORTERS = {"hr", "hr_head", "security", "auditor"}
DEPARTMENT_VIEWERS = {"hr", "hr_head", "vp", "gm", "security", "auditor"}
ACCESS_LOG_READERS = {"security", "auditor"}

OBJECT_URLS = [
    "personnel:employee_detail",
    "personnel:agreement_list",
    "personnel:employee_edit",
    "personnel:agreement_add",
    "personnel:dossier_add",
]
READ_URLS = {"personnel:employee_detail", "personnel:agreement_list"}
TARGETS = ["own", "own_department", "other_department"]


def target_for(username, target):
    me = Employee.objects.get(user__username=username)
    if target == "own":
        return me
    colleagues = Employee.objects.exclude(pk=me.pk)
    if target == "own_department":
        return colleagues.filter(department=me.department).first()
    return colleagues.exclude(department=me.department).first()


def expected_object_status(username, url_name, target):
    visible = (
        target == "own"
        or username in SEES_EVERYONE
        or (target == "own_department" and username in HEADS)
    )
    if not visible:
        return 404
    if url_name in READ_URLS or username in WRITERS:
        return 200
    return 403


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("url_name", OBJECT_URLS)
@pytest.mark.parametrize("username", ROLES)
def test_object_urls(demo, login, username, url_name, target):
    employee = target_for(username, target)
    response = login(username).get(reverse(url_name, args=[employee.pk]))
    assert response.status_code == expected_object_status(username, url_name, target)


@pytest.mark.parametrize("username", ROLES)
def test_collection_urls(demo, login, username):
    client = login(username)
    department = Department.objects.get(code="RD")
    expected = {
        reverse("dashboard"): 200,
        reverse("personnel:employee_list"): 200,
        reverse("reports:report_list"): 200,
        reverse("audit:access_log"): 200 if username in ACCESS_LOG_READERS else 403,
        reverse("personnel:employee_create"): 200 if username in WRITERS else 403,
        reverse("personnel:roster_pdf"): 200 if username in ROSTER_EXPORTERS else 403,
        reverse("personnel:department_list"): 200 if username in DEPARTMENT_VIEWERS else 404,
        reverse("personnel:department_head_edit", args=[department.pk]): (
            200 if username in WRITERS else 404
        ),
    }
    actual = {url: client.get(url).status_code for url in expected}
    assert actual == expected


@pytest.mark.parametrize("username", ROLES)
def test_the_list_shows_exactly_the_visible_employees(demo, login, username):
    me = Employee.objects.get(user__username=username)
    if username in SEES_EVERYONE:
        expected = set(Employee.objects.values_list("pk", flat=True))
    elif username in HEADS:
        expected = set(
            Employee.objects.filter(department=me.department).values_list("pk", flat=True)
        )
    else:
        expected = {me.pk}
    response = login(username).get(reverse("personnel:employee_list"))
    assert {e.pk for e in response.context["page"].object_list} == expected


def test_anonymous_users_are_sent_to_login(demo, client):
    employee = Employee.objects.first()
    for url in [
        reverse("dashboard"),
        reverse("personnel:employee_list"),
        reverse("personnel:employee_detail", args=[employee.pk]),
        reverse("personnel:roster_pdf"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
