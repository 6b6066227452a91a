"""The annual appraisal (T5): per person for a year, the average score of the trainings
scored, the study hours and the months of monthly education passed of those assigned; a
page and its Excel sheet, HR seeing everyone and a head their department."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from audit.models import AccessLog
from personnel.models import Employee
from tests.reports.xlsx import column, read_sheet
from training.selectors import appraisal

from .hours_data import seed_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(demo):
    seed_year()


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def figures(rows) -> dict:
    return {
        e.employee_no: (
            None if e.year_average is None else round(e.year_average, 1),
            e.year_hours,
            e.months_passed,
            e.months_assigned,
        )
        for e in rows
    }


def test_the_figures_match_the_hand_computed_ones(year):
    got = figures(appraisal(Employee.objects.all(), 2026))
    assert got["R0002"] == (85.0, Decimal("4.5"), 2, 2)  # (80 + 90) / 2; 2 + 2.5 hours
    assert got["R0003"] == (50.0, Decimal("2.5"), 0, 2)  # attended, failed: hours, no pass
    assert got["R0004"] == (75.0, Decimal("1.5"), 0, 2)  # the travel exam passed
    assert got["R0005"] == (None, Decimal("0"), 0, 2)
    assert "R0007" not in got  # not classified, never trained
    assert len(got) == 23  # the classified staff in post
    last_year = figures(appraisal(Employee.objects.all(), 2025))
    assert last_year["R0002"] == (70.0, Decimal("1"), 1, 1)


def test_only_those_below_the_minimum(year, settings):
    settings.TRAINING_MIN_HOURS_PER_YEAR = 2
    below = figures(appraisal(Employee.objects.all(), 2026, below=True))
    assert "R0002" not in below and "R0003" not in below
    assert "R0004" in below and len(below) == 21


def test_hr_sees_everyone_and_exports_the_sheet(year, login):
    client = login("hr")
    page = client.get(reverse("training:appraisal"), {"year": 2026})
    assert page.status_code == 200 and page.context["page"].paginator.count == 23
    html = page.content.decode()
    assert "85.0" in html and "4.5 / 8" in html and "2 / 2" in html
    sheet = read_sheet(client.get(reverse("training:appraisal_xlsx"), {"year": 2026}))
    assert "年度培训考核" in sheet["title"] and "2026" in sheet["title"]
    assert sheet["marking"] == "内部"
    assert sheet["header"] == (
        "工号",
        "姓名",
        "部门",
        "平均分",
        "学时",
        "最低学时",
        "低于最低学时",
        "合格月数",
        "应训月数",
    )
    rows = {row[0]: row for row in sheet["rows"]}
    assert rows["R0002"][3:] == (85.0, 4.5, 8, "是", 2, 2)
    assert rows["R0005"][3:] == (None, 0, 8, "是", 0, 2)
    assert len(rows) == 23
    logged = AccessLog.objects.get(
        username="hr", action=AccessLog.Action.EXPORT, target_type="report:training-appraisal"
    )
    assert logged.copy_number == sheet["stamp"][5]


def test_a_search_and_the_filter_reach_the_sheet(year, login, settings):
    settings.TRAINING_MIN_HOURS_PER_YEAR = 2
    client = login("hr")
    sheet = read_sheet(client.get(reverse("training:appraisal_xlsx"), {"year": 2026, "q": "R000"}))
    assert set(column(sheet, "部门")) == {"研发部"}
    sheet = read_sheet(client.get(reverse("training:appraisal_xlsx"), {"year": 2026, "below": "1"}))
    assert "R0002" not in column(sheet, "工号") and len(sheet["rows"]) == 21


def test_a_head_sees_and_exports_their_department_only(year, login):
    client = login("head_rd")
    page = client.get(reverse("training:appraisal"), {"year": 2026})
    assert {e.department.name for e in page.context["page"]} == {"研发部"}
    assert page.context["page"].paginator.count == 7
    sheet = read_sheet(client.get(reverse("training:appraisal_xlsx"), {"year": 2026}))
    assert set(column(sheet, "部门")) == {"研发部"} and len(sheet["rows"]) == 7


@pytest.mark.parametrize("username", ["emp_rd", "archivist", "it"])
def test_others_neither_see_nor_export_it(year, login, username):
    client = login(username)
    assert client.get(reverse("training:appraisal")).status_code == 403
    assert client.get(reverse("training:appraisal_xlsx")).status_code == 404


@pytest.mark.parametrize("year_value", ["abc", "0", "99999"])
def test_a_malformed_year_is_a_400(demo, login, year_value):
    client = login("hr")
    assert client.get(reverse("training:appraisal"), {"year": year_value}).status_code == 400


def test_the_page_costs_the_same_queries_however_many_trainings(year, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .hours_data import held

    client = login("hr")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("training:appraisal"), {"year": 2026}).status_code == 200
        return len(captured)

    before = queries()
    held(datetime.date(2026, 6, 1), "3", {no: 80 for no in ("R0003", "R0004", "R0005", "C0002")})
    assert queries() == before
