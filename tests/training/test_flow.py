"""The training flow on the demo data (issue 17, item 7): a session with nobody due sends HR
to assign the month, compliance shows 完成率 and 合格率 apart, empty months show "—"."""

import datetime
import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation

from tests.reports.xlsx import column, read_sheet
from training import services
from training.models import Assignment, TrainingKind
from training.selectors import completion_by_month

from .test_compliance import MONTH, november, user  # noqa: F401  the fixture

pytestmark = pytest.mark.django_db

ASSIGN_FIRST = "尚未向任何人分派保密教育"


@pytest.fixture
def unassigned_session(demo):
    """A monthly session held in a month nobody has been assigned yet."""
    return services.session_record(
        actor=user("hr"),
        kind=TrainingKind.MONTHLY,
        topic="保密教育",
        held_on=datetime.date(2026, 10, 15),
        trainer="郑涛",
    )


def test_a_session_nobody_is_due_for_tells_hr_to_assign_the_month(unassigned_session, login):
    client = login("hr")
    url = reverse("training:session_detail", args=[unassigned_session.pk])
    page = client.get(url).content.decode()
    assert ASSIGN_FIRST in page and "2026-10" in page
    assert f'action="{reverse("training:assign_monthly")}"' in page
    assert 'name="month" value="2026-10"' in page
    assert 'data-testid="session-sheet"' not in page  # no empty attendance table

    response = client.post(
        reverse("training:assign_monthly"), {"month": "2026-10", "session": unassigned_session.pk}
    )
    assert response.status_code == 302 and response.url == url
    month = datetime.date(2026, 10, 1)
    assert Assignment.objects.filter(kind=TrainingKind.MONTHLY, month=month).count() == 23
    page = client.get(url).content.decode()
    assert ASSIGN_FIRST not in page and page.count('name="row"') == 23


def test_only_those_who_assign_see_the_prompt(unassigned_session, login):
    url = reverse("training:session_detail", args=[unassigned_session.pk])
    assert ASSIGN_FIRST not in login("auditor").get(url).content.decode()


def test_a_bad_month_to_assign_is_a_400(demo, login):
    response = login("hr").post(reverse("training:assign_monthly"), {"month": "2026-13"})
    assert response.status_code == 400
    assert not Assignment.objects.exists()


@pytest.fixture
def one_failed(november):  # noqa: F811
    """研发部: four attended, one of them now scored 50: 完成率 4/7, 合格率 3/4."""
    failed = november.assignments.get(employee__employee_no="R0003")
    services.scores_record(actor=user("hr"), session=november, scores={failed.pk: 50})
    return november


def test_compliance_shows_completion_and_pass_rates_apart(one_failed, login):
    page = login("hr").get(reverse("training:compliance"), {"month": "2026-11"})
    rd = next(row for row in page.context["rows"] if row.department == "研发部")
    assert (rd.completion, rd.pass_rate) == (57.1, 75.0)
    assert page.context["total"].pass_rate == 75.0
    html = page.content.decode()
    assert "<th>完成率</th>" in html and "<th>合格率</th>" in html
    assert 'data-testid="total-pass-rate">75.0%<' in html


def test_the_sheet_and_the_pdf_carry_both_rates(one_failed, login, tmp_path):
    client = login("auditor")
    with translation.override("zh-hans"):
        sheet = read_sheet(client.get(reverse("training:compliance_xlsx"), {"month": "2026-11"}))
    rates = dict(zip(column(sheet, "部门"), column(sheet, "合格率"), strict=True))
    assert rates["研发部"] == "75.0%" and column(sheet, "完成率")[-1] == "17.4%"

    response = client.get(reverse("training:compliance_pdf"), {"month": "2026-11"})
    path = tmp_path / "compliance.pdf"
    path.write_bytes(response.content)
    assert shutil.which("pdftotext")
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "合格率" in text
    rd_line = next(line for line in text.splitlines() if "研发部" in line)
    assert rd_line.split()[1:] == ["7", "4", "3", "0", "57.1%", "75.0%", "82.0"]


def test_a_month_without_training_shows_a_dash_not_zero(november, login):  # noqa: F811
    series = completion_by_month(Assignment.objects.all(), MONTH)
    assert series[-1] == (MONTH, 17.4) and all(rate is None for _m, rate in series[:-1])

    page = login("hr").get(reverse("training:compliance"), {"month": "2026-11"})
    assert _bar_labels(page)[-1] == "17%" and _bar_labels(page)[:-1] == ["—"] * 11

    empty = login("hr").get(reverse("training:compliance"), {"month": "2026-10"})
    html = empty.content.decode()
    assert 'data-testid="total-completion">—<' in html
    assert 'data-testid="total-pass-rate">—<' in html
    assert _bar_labels(empty) == ["—"] * 12


def _bar_labels(page) -> list[str]:
    """The figure above each bar of the twelve-month chart (the month labels left out)."""
    chart = page.content.decode().split("<svg", 1)[1].split("</svg>", 1)[0]
    return re.findall(r'font-size="10">([^<]*)</text>', chart)[::2]
