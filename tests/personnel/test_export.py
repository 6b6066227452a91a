"""The employee list exports what the page shows: the user's people under the filters."""

import pytest
from django.urls import reverse
from django.utils import translation

from audit.models import AccessLog
from personnel.models import Department
from tests.reports.xlsx import column, read_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def test_the_export_holds_the_rows_of_the_filtered_list(demo, login):
    client = login("hr")
    filters = {"department": Department.objects.get(code="RD").pk, "tier": "core"}
    page = client.get(reverse("personnel:employee_list"), filters).context["page"]
    sheet = read_sheet(client.get(reverse("personnel:employee_list_xlsx"), filters))
    assert column(sheet, "工号") == [e.employee_no for e in page.object_list]
    assert len(sheet["rows"]) >= 1 and set(column(sheet, "部门")) == {"研发部"}
    assert sheet["marking"].startswith("秘密")
    assert (
        reverse("personnel:employee_list_xlsx")
        in client.get(reverse("personnel:employee_list")).content.decode()
    )
    assert AccessLog.objects.filter(action=AccessLog.Action.EXPORT, user__username="hr").exists()


@pytest.mark.parametrize("username", ["emp_rd", "head_rd"])
def test_without_the_roster_right_there_is_no_export(demo, login, username):
    client = login(username)
    assert client.get(reverse("personnel:employee_list_xlsx")).status_code == 404
    assert (
        "employee_list_xlsx" not in client.get(reverse("personnel:employee_list")).content.decode()
    )
