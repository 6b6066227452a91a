"""The loan register exports to Excel exactly what its page shows the reader: never a loan
above their ceiling, under the page's filters, marked with the highest level it lists."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from archives.models import Loan
from core.classification import Level
from tests.reports.xlsx import column, read_sheet

from .helpers import grant_all, make_item
from .test_loans import approved, hand_out

pytestmark = pytest.mark.django_db


@pytest.fixture
def out_loans(demo):
    grant_all()
    with translation.override("zh-hans"):
        secret = hand_out(
            approved("emp_rd", make_item(Level.SECRET, custodian="R0002", title="机密图纸"))
        )
        confidential = hand_out(approved("emp_cs", make_item(Level.CONFIDENTIAL)))
    return secret, confidential


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def _listed(client, **filters) -> list[int]:
    page = client.get(reverse("archives:loan_list"), filters).context["page"]
    return [loan.pk for loan in page.object_list]


@pytest.mark.parametrize(
    ("username", "sees_secret", "marking"),
    [("archivist", True, "机密★"), ("info_spec", False, "秘密★")],
)
def test_the_export_holds_the_rows_the_page_shows(out_loans, login, username, sees_secret, marking):
    secret, confidential = out_loans
    client = login(username)
    filters = {"status": Loan.Status.OUT}
    sheet = read_sheet(client.get(reverse("archives:loan_list_xlsx"), filters))
    exported = column(sheet, "编号")
    assert exported == _listed(client, **filters)
    assert confidential.pk in exported and (secret.pk in exported) == sees_secret
    assert set(column(sheet, "状态")) == {Loan.Status.OUT.label}
    assert sheet["marking"] == marking
    assert ("机密图纸" in column(sheet, "标题")) == sees_secret


def test_the_search_narrows_the_export_as_it_narrows_the_page(out_loans, login):
    client = login("archivist")
    sheet = read_sheet(client.get(reverse("archives:loan_list_xlsx"), {"q": "机密图纸"}))
    assert column(sheet, "编号") == _listed(client, q="机密图纸") == [out_loans[0].pk]


def test_the_register_export_is_the_pdfs_period(out_loans, login):
    today = timezone.localdate().isoformat()
    client = login("archivist")
    sheet = read_sheet(client.get(reverse("archives:register_xlsx"), {"from": today, "to": today}))
    titles = column(sheet, "标题")
    assert "机密图纸" in titles and sheet["marking"] == "机密★"
    assert today in sheet["title"]
    assert column(sheet, "经办人")[-1] == "周敏"  # a real name, not a login
