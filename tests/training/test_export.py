"""Training compliance exports the month's table the user sees: a head their department."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.reports.xlsx import column, read_sheet

from .test_compliance import MONTH, november  # noqa: F401  the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def _shown(client) -> list:
    context = client.get(reverse("training:compliance"), {"month": f"{MONTH:%Y-%m}"}).context
    return [(row.department, row.assigned, row.attended) for row in context["rows"]]


@pytest.mark.parametrize("username", ["head_rd", "hr"])
def test_the_sheet_holds_the_departments_the_page_shows(november, login, username):  # noqa: F811
    client = login(username)
    sheet = read_sheet(client.get(reverse("training:compliance_xlsx"), {"month": "2026-11"}))
    departments = column(sheet, "部门")
    rows = list(zip(departments, column(sheet, "已分派"), column(sheet, "已参训"), strict=True))
    assert rows[:-1] == _shown(client) and departments[-1] == "合计"
    assert ("研发部", 7, 4) in rows
    if username == "head_rd":
        assert departments == ["研发部", "合计"]
    else:
        assert len(departments) > 2
    assert "2026-11" in sheet["title"] and sheet["marking"] == "内部"


def test_an_employee_cannot_export_compliance(november, login):  # noqa: F811
    assert login("emp_rd").get(reverse("training:compliance_xlsx")).status_code == 404
