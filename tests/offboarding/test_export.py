"""The resignation list exports the rows it shows under its filters."""

import pytest
from django.urls import reverse
from django.utils import translation

from personnel.models import Department
from tests.reports.xlsx import column, read_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def two(submit):
    return submit(), submit(who="hr", no="R0005")


def _listed(client, filters) -> list[str]:
    page = client.get(reverse("offboarding:resignation_list"), filters).context["page"]
    return [r.employee.employee_no for r in page]


@pytest.mark.parametrize("username", ["hr", "auditor"])
def test_the_export_follows_the_department_filter(two, login, username):
    client = login(username)
    everyone = read_sheet(client.get(reverse("offboarding:resignation_list_xlsx")))
    assert sorted(column(everyone, "工号")) == ["C0002", "R0005"]
    filters = {"department": Department.objects.get(code="RD").pk}
    sheet = read_sheet(client.get(reverse("offboarding:resignation_list_xlsx"), filters))
    assert column(sheet, "工号") == _listed(client, filters) == ["R0005"]
    assert column(sheet, "部门") == ["研发部"] and sheet["marking"] == "秘密★"


def test_a_head_who_sees_the_list_may_not_export_it(two, login):
    client = login("head_cs")
    assert _listed(client, {}) == ["C0002"]
    assert client.get(reverse("offboarding:resignation_list_xlsx")).status_code == 404
