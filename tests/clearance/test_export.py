"""The security office's lists export what their pages show: the filters, hidden reporters
and hidden readers stay as on the page."""

import pytest
from django.urls import reverse
from django.utils import translation

from clearance.models import Clearance
from core.classification import Level
from tests.reports.xlsx import column, read_sheet

from .test_grants import request
from .test_incidents import report
from .test_travel import request_trip

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def _hidden_text() -> str:
    return translation.gettext("(identity hidden at the reporter's request)")


@pytest.mark.parametrize(("username", "sees"), [("auditor", False), ("security", True)])
def test_a_hidden_reporter_stays_hidden_in_the_export(demo, login, username, sees):
    report(who="emp_rd", hide=True)
    report(who="emp_cs")
    sheet = read_sheet(login(username).get(reverse("clearance:incident_list_xlsx")))
    reporters = column(sheet, "报告人")
    assert "emp_cs" in reporters and ("emp_rd" in reporters) == sees
    assert (_hidden_text() in reporters) != sees
    assert sheet["marking"] == "机密★"


@pytest.mark.parametrize(("username", "sees"), [("auditor", False), ("security", True)])
def test_a_hidden_reader_stays_hidden_in_the_access_log_export(demo, login, username, sees):
    incident = report(who="emp_rd", hide=True)
    login("emp_rd").get(reverse("clearance:incident_detail", args=[incident.pk]))
    client = login(username)
    filters = {"q": "图纸外发", "action": "view"}
    sheet = read_sheet(client.get(reverse("reports:access_log_xlsx"), filters))
    page = client.get(reverse("audit:access_log"), filters).context["page"]
    assert len(sheet["rows"]) == len(page.object_list) >= 1
    assert ("黄磊" in column(sheet, "用户")) == sees  # emp_rd, named as a person
    assert set(column(sheet, "操作")) == {"查看"}


def test_the_clearance_export_follows_the_status_filter_and_marks_the_highest_level(demo, login):
    pending = request("hr", "R0005", Level.SECRET)
    client = login("hr")
    filters = {"status": Clearance.Status.REQUESTED}
    sheet = read_sheet(client.get(reverse("clearance:grant_list_xlsx"), filters))
    page = client.get(reverse("clearance:grant_list"), filters).context["page"]
    assert column(sheet, "员工") == [c.employee.name for c in page.object_list]
    assert pending.employee.name in column(sheet, "员工")
    assert set(column(sheet, "状态")) == {Clearance.Status.REQUESTED.label}
    levels = {c.level for c in page.object_list}
    assert sheet["marking"] == ("绝密★" if Level.TOP_SECRET in levels else "机密★")


def test_the_travel_export_follows_the_search(demo, login):
    request_trip("emp_rd")
    client = login("security")
    for filters in ({"q": "慕尼黑"}, {"q": "无此地"}):
        sheet = read_sheet(client.get(reverse("clearance:travel_list_xlsx"), filters))
        page = client.get(reverse("clearance:travel_list"), filters).context["page"]
        assert column(sheet, "目的地") == [t.destination for t in page.object_list]
    assert login("emp_rd").get(reverse("clearance:travel_list_xlsx")).status_code == 404
