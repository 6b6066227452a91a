"""The change history for a period (issue 18, R1/R2): every change by anyone across the
history tables, filtered by period, kind of record, action and person; a page costs the same
queries however long the history; its Excel and PDF read back with the same rows; what a
user may not see of a record stays out."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AccessLog
from clearance.services.incidents import incident_report
from core.classification import Level
from personnel.models import DossierEntry, Employee
from personnel.services import people
from tests.archives.helpers import grant_all, make_item
from tests.reports.test_roster_cache import pdf_text
from tests.reports.xlsx import column, read_sheet

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
PAGE = "audit:change_history"


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def employee(no):
    return Employee.objects.get(employee_no=no)


def hr():
    return employee("A0001").user


def on(day: datetime.date):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=SHANGHAI), tick=False
    )


@pytest.fixture
def changes(demo):
    """March: HR renames 何军 and adds a dossier entry for him; April: HR renames him again."""
    with on(datetime.date(2026, 3, 5)):
        people.employee_update(actor=hr(), employee=employee("R0003"), name="何俊")
    with on(datetime.date(2026, 3, 9)):
        people.dossier_entry_add(
            actor=hr(),
            employee=employee("R0003"),
            kind=DossierEntry.Kind.REWARD,
            occurred_on=datetime.date(2026, 3, 9),
            title="保密工作表扬",
        )
    with on(datetime.date(2026, 4, 2)):
        people.employee_update(actor=hr(), employee=employee("R0003"), name="何军")


MARCH = {"date_from": "2026-03-01", "date_to": "2026-03-31"}


def shown(client, **filters):
    return client.get(reverse(PAGE), filters).context["changes"]


def test_the_page_lists_every_change_of_the_period_with_who_and_what(changes, login):
    rows = shown(login("auditor"), **MARCH)
    assert [(r.kind, r.actor, r.action) for r in rows] == [
        ("保密档案记录", "王丽", "已创建"),
        ("员工", "王丽", "已修改"),
    ]
    renamed = rows[1]
    assert renamed.record == "何俊（R0003）" and renamed.change_lines == ["姓名：何军 → 何俊"]
    assert timezone.localtime(renamed.at).date() == datetime.date(2026, 3, 5)


def test_the_page_filters_by_kind_action_and_person(changes, login):
    client = login("security")
    spring = {"date_from": "2026-03-01", "date_to": "2026-04-30"}
    employees = shown(client, kind="personnel.employee", person="王丽", action="~", **spring)
    assert [r.change_lines for r in employees] == [["姓名：何俊 → 何军"], ["姓名：何军 → 何俊"]]
    assert all(r.kind == "员工" and r.actor == "王丽" for r in employees)
    assert shown(client, person="张伟", **MARCH) == []  # 张伟 changed nothing
    by_login = shown(client, person="hr", kind="personnel.dossierentry", **MARCH)
    assert [r.record for r in by_login] == ["奖励 · 保密工作表扬"]


def test_a_period_that_ends_before_it_starts_is_refused(demo, login):
    response = login("auditor").get(
        reverse(PAGE), {"date_from": "2026-03-31", "date_to": "2026-03-01"}
    )
    assert response.status_code == 400


def _page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(PAGE), MARCH).status_code == 200
    return len(queries)


def test_a_page_costs_the_same_queries_whatever_the_length_of_the_history(changes, login):
    client = login("auditor")
    client.get(reverse(PAGE))  # the session's facts are read once
    few = _page_queries(client)
    for day in range(10, 30):
        with on(datetime.date(2026, 3, day)):
            people.employee_update(actor=hr(), employee=employee("R0004"), name=f"高峰{day}")
            people.dossier_entry_add(
                actor=hr(),
                employee=employee("R0005"),
                kind=DossierEntry.Kind.TRAINING,
                occurred_on=datetime.date(2026, 3, day),
                title=f"培训{day}",
                score=day,
            )
    assert _page_queries(client) == few


@pytest.mark.parametrize(
    ("username", "status"),
    [("auditor", 200), ("security", 200), ("hr", 403), ("secadmin", 403), ("emp_rd", 403)],
)
def test_the_change_history_is_for_the_security_office_and_auditors(demo, login, username, status):
    client = login(username)
    assert client.get(reverse(PAGE)).status_code == status
    assert client.get(reverse("reports:change_history_pdf")).status_code == status
    xlsx = client.get(reverse("reports:change_history_xlsx")).status_code
    assert xlsx == (200 if status == 200 else 404)


def test_the_excel_holds_the_rows_the_page_shows(changes, login):
    client = login("auditor")
    sheet = read_sheet(client.get(reverse("reports:change_history_xlsx"), MARCH))
    assert sheet["marking"] == "机密★" and sheet["title"] == "变更历史"
    assert column(sheet, "记录类型") == ["保密档案记录", "员工"]
    assert column(sheet, "操作人") == ["王丽", "王丽"]
    assert column(sheet, "变更内容")[1] == "姓名：何军 → 何俊"
    assert column(sheet, "时间")[1] == datetime.datetime(2026, 3, 5, 9, 30)
    entry = AccessLog.objects.filter(action=AccessLog.Action.EXPORT).latest("id")
    assert entry.target_type == "report:change-history" and entry.copy_number == sheet["stamp"][5]


def test_the_pdf_holds_the_rows_the_page_shows(changes, login, tmp_path):
    response = login("security").get(reverse("reports:change_history_pdf"), MARCH)
    text = pdf_text(response.content, tmp_path)
    assert "机密★" in text and "变更历史" in text and "期间：2026-03-01至2026-03-31" in text
    assert "2026-03-0509:30:00王丽已修改员工何俊（R0003）姓名：何军→何俊" in text
    assert "保密工作表扬" in text and "2026-04-02" not in text
    entry = AccessLog.objects.filter(action=AccessLog.Action.EXPORT).latest("id")
    assert f"份号{entry.copy_number}" in text and "导出人郑涛" in text


@pytest.mark.parametrize(("username", "sees"), [("auditor", False), ("security", True)])
def test_a_whistle_blower_stays_hidden_in_the_change_history(demo, login, username, sees):
    incident_report(
        actor=employee("R0002").user,  # 黄磊
        title="疑似泄密（已隐藏身份）",
        description="图纸外发",
        discovered_at=timezone.now(),
        hide_identity=True,
    )
    client = login(username)
    rows = shown(client, kind="clearance.incident")
    assert [r.record for r in rows] == ["疑似泄密（已隐藏身份）"]
    assert (rows[0].actor == "黄磊") == sees
    assert (rows[0].actor == "（应报告人要求隐藏身份）") != sees
    assert len(shown(client, kind="clearance.incident", person="黄磊")) == (1 if sees else 0)


def test_an_archive_item_above_the_ceiling_stays_out(demo, login):
    grant_all()  # the auditor is cleared for 秘密, the security office for 绝密
    make_item(Level.TOP_SECRET, title="绝密卷宗甲")
    make_item(Level.CONFIDENTIAL, title="秘密卷宗乙")
    auditor = {r.record for r in shown(login("auditor"), kind="archives.archiveitem")}
    security = {r.record for r in shown(login("security"), kind="archives.archiveitem")}
    assert any("秘密卷宗乙" in r for r in auditor) and not any("绝密卷宗甲" in r for r in auditor)
    assert any("绝密卷宗甲" in r for r in security)
    movements = shown(login("auditor"), kind="archives.itemmovement")
    assert len(movements) == 1  # the intake of the item the auditor may see


def test_the_menu_and_the_report_centre_lead_to_the_change_history(demo, login):
    client = login("auditor")
    assert reverse(PAGE) in client.get(reverse("reports:report_list")).content.decode()
    assert reverse(PAGE) in client.get(reverse("personnel:employee_list")).content.decode()


@pytest.mark.parametrize(
    ("url_name", "setting"),
    [
        ("reports:change_history_xlsx", "CHANGE_HISTORY_XLSX_MAX_ROWS"),
        ("reports:change_history_pdf", "REPORT_PDF_MAX_ROWS"),
    ],
)
def test_an_export_past_its_limit_asks_for_a_narrower_period(
    changes, login, settings, url_name, setting
):
    setattr(settings, setting, 1)
    response = login("auditor").get(reverse(url_name), MARCH)
    assert response.status_code == 302 and response.url.startswith(reverse(PAGE) + "?date_from=")
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()
