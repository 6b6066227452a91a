"""R5: a statistics report on the archive needs the archive department manager's review and
the general manager's approval before the clerk issues it; its counts obey the ceiling."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from archives.models import StatisticsRequest
from archives.services import statistics
from core.classification import Level
from core.errors import DomainError
from core.transitions import transition

from .helpers import grant_all, make_item, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def cleared(demo):
    grant_all()


def ask():
    return statistics.statistics_request(
        actor=user("head_cs"), subject="客户档案数量统计", purpose="年度客户服务总结"
    )


def test_the_report_is_issued_only_after_the_managers_and_the_gms_approval(cleared):
    request = ask()
    assert [s.role for s in request.chain.steps.all()] == ["dept_head", "gm"]
    with pytest.raises(DomainError):
        statistics.statistics_issue(actor=user("archivist"), request=request)
    statistics.statistics_decide(actor=user("hr_head"), request=request, outcome="approve")
    with pytest.raises(DomainError):
        statistics.statistics_issue(actor=user("archivist"), request=request)
    statistics.statistics_decide(actor=user("gm"), request=request, outcome="approve")
    issued = statistics.statistics_issue(actor=user("archivist"), request=request)
    assert issued.status == StatisticsRequest.Status.ISSUED
    assert issued.issued_by == user("archivist")


def test_the_counts_obey_the_readers_ceiling(cleared):
    for level in Level.values:
        make_item(level, department="CS")
    seen = {level for _dept, level, _n, _out in statistics.statistics_rows(user("emp_cs"))}
    assert seen == {Level.INTERNAL, Level.CONFIDENTIAL}
    hr = {level for _dept, level, _n, _out in statistics.statistics_rows(user("hr"))}
    assert hr == {Level.INTERNAL}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_the_requester_reads_the_issued_report(cleared, login):
    make_item(Level.CONFIDENTIAL, department="CS")
    request = ask()
    client = login("head_cs")
    assert client.get(reverse("archives:statistics_pdf", args=[request.pk])).status_code == 403
    for name in ("hr_head", "gm"):
        statistics.statistics_decide(actor=user(name), request=request, outcome="approve")
    login("archivist").post(reverse("archives:statistics_issue", args=[request.pk]))
    response = login("head_cs").get(reverse("archives:statistics_pdf", args=[request.pk]))
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "档案统计报表" in text and "客服部" in text and "秘密★" in text
    assert (
        login("emp_rd").get(reverse("archives:statistics_detail", args=[request.pk])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (StatisticsRequest.Status.REQUESTED, StatisticsRequest.Status.ISSUED),
        (StatisticsRequest.Status.ISSUED, StatisticsRequest.Status.APPROVED),
        (StatisticsRequest.Status.REJECTED, StatisticsRequest.Status.APPROVED),
    ],
)
def test_a_statistics_request_refuses_a_move_its_table_does_not_list(start, to):
    row = StatisticsRequest(status=start)
    with pytest.raises(DomainError):
        transition(row, to)
    assert row.status == start


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (StatisticsRequest.Status.APPROVED, StatisticsRequest.Status.ISSUED),
    ],
)
def test_a_statistics_request_takes_a_move_its_table_lists(start, to):
    row = StatisticsRequest(status=start)
    transition(row, to)
    assert row.status == to
