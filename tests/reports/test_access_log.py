"""The access log filtered by person, object, action and period (issue 18): the page, its
Excel and its PDF show the same rows, and a hidden reader stays hidden in all three."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from audit.models import AccessLog
from audit.services import access_record
from personnel.models import Employee
from tests.reports.test_roster_cache import pdf_text
from tests.reports.xlsx import column, read_sheet

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def user(username):
    return Employee.objects.get(user__username=username).user


def read(username, employee_no, day: datetime.date, action=AccessLog.Action.VIEW):
    at = datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=SHANGHAI)
    with time_machine.travel(at, tick=False):
        access_record(
            user=user(username), action=action, target=Employee.objects.get(employee_no=employee_no)
        )


@pytest.fixture
def readings(demo):
    read("head_rd", "R0002", datetime.date(2026, 3, 1))  # 张伟 reads 黄磊
    read("head_rd", "R0003", datetime.date(2026, 3, 15))  # 张伟 reads 何军
    read("hr", "R0002", datetime.date(2026, 3, 20))  # 王丽 reads 黄磊
    read("head_rd", "R0002", datetime.date(2026, 4, 2))  # 张伟 reads 黄磊, next month


MARCH_BY_ZHANG = {"person": "张伟", "date_from": "2026-03-01", "date_to": "2026-03-31"}


def test_the_page_filters_by_person_object_action_and_period(readings, login):
    client = login("auditor")

    def found(**filters):
        page = client.get(reverse("audit:access_log"), filters).context["page"]
        return [(e.username, e.target_repr, e.at.astimezone(SHANGHAI).day) for e in page]

    assert found(**MARCH_BY_ZHANG) == [
        ("head_rd", "何军（R0003）", 15),
        ("head_rd", "黄磊（R0002）", 1),
    ]
    assert found(person="head_rd", target="黄磊") == [
        ("head_rd", "黄磊（R0002）", 2),
        ("head_rd", "黄磊（R0002）", 1),
    ]
    assert found(target="R0002", date_from="2026-03-02", date_to="2026-03-20") == [
        ("hr", "黄磊（R0002）", 20)
    ]
    assert found(target="R0002", action="export") == []


def test_a_period_that_ends_before_it_starts_is_refused(readings, login):
    response = login("auditor").get(
        reverse("audit:access_log"), {"date_from": "2026-03-31", "date_to": "2026-03-01"}
    )
    assert response.status_code == 400


def test_the_excel_holds_the_rows_the_page_shows(readings, login):
    client = login("auditor")
    sheet = read_sheet(client.get(reverse("reports:access_log_xlsx"), MARCH_BY_ZHANG))
    assert column(sheet, "对象") == ["何军（R0003）", "黄磊（R0002）"]
    assert set(column(sheet, "用户")) == {"张伟"}
    assert sheet["marking"] == "秘密★" and sheet["title"] == "访问日志"


def test_the_pdf_holds_the_rows_the_page_shows_and_is_logged(readings, login, tmp_path):
    response = login("auditor").get(reverse("reports:access_log_pdf"), MARCH_BY_ZHANG)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "秘密★" in text and "访问日志" in text
    assert "人员：张伟" in text and "2026-03-01至2026-03-31" in text
    assert "何军（R0003）" in text and "2026-03-1510:00:00" in text
    assert "2026-03-0110:00:00" in text
    assert "2026-04-02" not in text and "2026-03-20" not in text  # others, another month
    entry = AccessLog.objects.filter(action=AccessLog.Action.EXPORT).latest("id")
    assert entry.username == "auditor" and entry.target_type == "report:access-log"
    assert f"份号{entry.copy_number}" in text


@pytest.mark.parametrize(("username", "sees"), [("auditor", False), ("security", True)])
def test_a_hidden_reader_stays_hidden_in_the_pdf(readings, login, tmp_path, username, sees):
    access_record(
        user=user("emp_rd"),
        action=AccessLog.Action.VIEW,
        target_type="clearance.incident",
        target_repr="图纸外发",
        hide_reader=True,
    )
    client = login(username)
    text = pdf_text(
        client.get(reverse("reports:access_log_pdf"), {"target": "图纸外发"}).content, tmp_path
    )
    assert "图纸外发" in text
    assert ("黄磊" in text) == sees and ("应报告人要求隐藏身份" in text) != sees
    by_person = client.get(reverse("audit:access_log"), {"person": "黄磊", "target": "图纸外发"})
    assert len(by_person.context["page"].object_list) == (1 if sees else 0)


def test_a_pdf_past_its_row_limit_sends_back_to_narrow_the_filters(readings, login, settings):
    settings.REPORT_PDF_MAX_ROWS = 2
    response = login("auditor").get(reverse("reports:access_log_pdf"), {"person": "张伟"})
    assert response.status_code == 302
    assert response.url == reverse("audit:access_log") + "?person=%E5%BC%A0%E4%BC%9F"
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


@pytest.mark.parametrize("username", ["hr", "emp_rd", "it"])
def test_who_may_not_read_the_log_gets_no_pdf(demo, login, username):
    assert login(username).get(reverse("reports:access_log_pdf")).status_code == 403


def test_the_report_centre_leads_to_the_filtered_list(demo, login):
    html = login("auditor").get(reverse("reports:report_list")).content.decode()
    assert reverse("audit:access_log") in html and reverse("reports:access_log_pdf") in html
