"""A9: what gathers items is marked with the highest level and the longest secrecy period;
the inspection, destruction and statistics pages carry their marking like the others."""

import datetime
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from archives.services import destruction, inspections, statistics
from audit.history import save_recorded
from core.classification import Level, gathered_marking

from .helpers import grant_all, make_item, user
from .test_loans import approved, hand_out

pytestmark = pytest.mark.django_db
C, S, T, INT = Level.CONFIDENTIAL, Level.SECRET, Level.TOP_SECRET, Level.INTERNAL


@pytest.mark.parametrize(
    ("gathered", "mark"),
    [
        ([(C, 30)], "秘密★30年"),  # a 30-year 秘密 item: not the level's 10 years
        ([(C, 10), (INT, None)], "秘密★"),  # the level's own default: the plain form
        ([(S, None), (C, 30)], "机密★30年"),  # the highest level, the longest period
        ([(S, 20), (C, 5), (INT, None)], "机密★"),
        ([(T, None), (S, 25)], "绝密★"),
        ([(S, 5)], "机密★5年"),
        ([(INT, None)], "内部"),
        ([], None),
    ],
)
def test_a_gathering_takes_the_highest_level_and_the_longest_period(gathered, mark):
    assert gathered_marking(gathered) == mark


def thirty_years(item):
    item.secrecy_years = 30
    save_recorded(item, user("hr"))
    return item


def marking_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode().split('data-testid="marking">')[1].split("<")[0]


@pytest.fixture
def cleared(demo):
    grant_all()


def test_the_catalogue_page_takes_the_longest_period(cleared, login):
    thirty_years(make_item(C, title="三十年秘密档案"))
    items = reverse("archives:item_list")
    assert marking_of(login("emp_cs").get(items)) == "秘密★30年"
    make_item(S, custodian="A0003")
    assert marking_of(login("archivist").get(items)) == "机密★30年"


def test_the_loan_register_pdf_takes_the_longest_period(cleared, login):
    hand_out(approved("emp_cs", thirty_years(make_item(C))))
    today = timezone.localdate().isoformat()
    response = login("archivist").get(
        reverse("archives:register_pdf"), {"from": today, "to": today}
    )
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "秘密★30年" in text


def test_the_inspection_page_is_marked_by_the_items_it_shows(cleared, login):
    inspection = inspections.inspection_plan(
        actor=user("archivist"), title="上半年检查", planned_on=timezone.localdate()
    )
    for item in (make_item(INT), thirty_years(make_item(C))):
        inspections.inspection_record(
            actor=user("archivist"), inspection=inspection, item=item, result="present"
        )
    page = reverse("archives:inspection_detail", args=[inspection.pk])
    assert marking_of(login("archivist").get(page)) == "秘密★30年"


def test_the_destruction_pages_are_marked(cleared, login):
    old = timezone.localdate() - datetime.timedelta(days=365 * 11)
    item = thirty_years(make_item(C, registered_on=old))
    assert marking_of(login("archivist").get(reverse("archives:destruction_list"))) == ("秘密★30年")
    proposed = destruction.destruction_propose(actor=user("archivist"), item=item, reason="到期")
    page = reverse("archives:destruction_detail", args=[proposed.pk])
    assert marking_of(login("archivist").get(page)) == "秘密★30年"


def test_the_statistics_page_carries_the_marking_of_its_report(cleared, login):
    thirty_years(make_item(C, department="CS"))
    request = statistics.statistics_request(
        actor=user("head_cs"), subject="客户档案数量统计", purpose="年度总结"
    )
    for name in ("hr_head", "gm"):
        statistics.statistics_decide(actor=user(name), request=request, outcome="approve")
    statistics.statistics_issue(actor=user("archivist"), request=request)
    page = reverse("archives:statistics_detail", args=[request.pk])
    assert marking_of(login("head_cs").get(page)) == "秘密★30年"
    pdf = login("head_cs").get(reverse("archives:statistics_pdf", args=[request.pk]))
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf.content, capture_output=True, check=True
    ).stdout.decode()
    assert "秘密★30年" in text
