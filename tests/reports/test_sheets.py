"""The Excel pipeline (issue 17): every printable list exports the rows its user may see,
marked, stamped with the exporter and a copy number, and access-logged."""

import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from audit.models import AccessLog
from core.classification import Level
from reports.sheets import Sheet, write_xlsx
from tests.reports.xlsx import read_sheet

pytestmark = pytest.mark.django_db

# Every list export, with a role that may export it (the auditor may export them all).
EXPORTS = [
    ("onboarding:candidate_list_xlsx", "hr", "秘密★"),
    ("clearance:grant_list_xlsx", "security", None),
    ("offboarding:resignation_list_xlsx", "hr", "秘密★"),
    ("archives:loan_list_xlsx", "archivist", None),
    ("archives:register_xlsx", "info_spec", None),
    ("training:compliance_xlsx", "head_rd", "内部"),
    ("clearance:incident_list_xlsx", "gm", "机密★"),
    ("clearance:violation_list_xlsx", "security", "秘密★"),
    ("clearance:travel_list_xlsx", "security", "秘密★"),
    ("reports:access_log_xlsx", "secadmin", "秘密★"),
]
MARKINGS = {"绝密★", "机密★", "秘密★", "内部"}


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.mark.parametrize(("url_name", "role", "marking"), EXPORTS)
@pytest.mark.parametrize("who", ["auditor", "role"])
def test_each_list_exports_a_marked_numbered_sheet(demo, login, url_name, role, marking, who):
    username = "auditor" if who == "auditor" else role
    sheet = read_sheet(login(username).get(reverse(url_name)))
    assert sheet["marking"] in MARKINGS
    if marking:
        assert sheet["marking"] == marking
    assert sheet["stamp"][0] == "导出人" and sheet["stamp"][4] == "份号"
    entry = AccessLog.objects.filter(action=AccessLog.Action.EXPORT).latest("at")
    assert entry.username == username and entry.copy_number == sheet["stamp"][5]
    assert len(sheet["header"]) >= 5 and sheet["title"]


@pytest.mark.parametrize(("url_name", "role", "marking"), EXPORTS)
def test_a_user_without_the_right_gets_404(demo, login, url_name, role, marking):
    assert login("emp_cs").get(reverse(url_name)).status_code == 404
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_the_stamp_names_the_exporter_and_copy_numbers_increase(demo, login):
    client = login("security")
    first = read_sheet(client.get(reverse("clearance:violation_list_xlsx")))
    second = read_sheet(client.get(reverse("clearance:violation_list_xlsx")))
    assert first["stamp"][1] == "郑涛"  # the real name, not the login
    assert (first["stamp"][5], second["stamp"][5]) == ("VIOLATIONS-00001", "VIOLATIONS-00002")
    logged = AccessLog.objects.filter(action=AccessLog.Action.EXPORT, username="security")
    assert sorted(logged.values_list("copy_number", flat=True)) == [
        "VIOLATIONS-00001",
        "VIOLATIONS-00002",
    ]
    assert {entry.target_type for entry in logged} == {"report:violations"}


def test_the_export_button_keeps_the_list_filters(demo, login):
    page = login("security").get(reverse("clearance:travel_list"), {"q": "东京", "status": "x"})
    assert f"{reverse('clearance:travel_list_xlsx')}?q=%E4%B8%9C%E4%BA%AC&amp;status=x" in (
        page.content.decode()
    )
    assert "导出 Excel" in page.content.decode()


def _written(sheet, level=Level.SECRET):
    content = write_xlsx(
        sheet,
        level=level,
        exporter="王丽",
        exported_at=datetime.datetime(2026, 5, 1, 2, 30, tzinfo=datetime.UTC),
        copy_number="T-00001",
    )
    return load_workbook(BytesIO(content)).active


def test_typed_text_is_never_a_formula_and_times_are_local():
    sheet = Sheet(
        title="测试",
        columns=[("文本", lambda row: row[0]), ("时间", lambda row: row[1])],
        rows=[
            (
                '=HYPERLINK("http://x")\x07',
                datetime.datetime(2026, 5, 1, 2, 0, tzinfo=ZoneInfo("UTC")),
            )
        ],
    )
    ws = _written(sheet)
    rows = list(ws.values)
    assert rows[0][0] == "机密★" and rows[1][0] == "测试"
    assert rows[2][:4] == ("导出人", "王丽", "导出时间", datetime.datetime(2026, 5, 1, 10, 30))
    assert rows[4][:2] == ('=HYPERLINK("http://x")', datetime.datetime(2026, 5, 1, 10, 0))
    assert ws["A5"].data_type == "s"


def test_ten_thousand_rows_are_written():
    sheet = Sheet(
        title="大表",
        columns=[(f"列{i}", lambda row, i=i: row * i) for i in range(8)],
        rows=range(10_000),
    )
    rows = list(_written(sheet, Level.INTERNAL).values)
    assert rows[0][0] == "内部" and len(rows) == 4 + 10_000
    assert rows[-1][7] == 9_999 * 7
