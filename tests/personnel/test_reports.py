"""Personnel's reports of issue 18: a person's dossier as a PDF for appraisal, and the
unit-wide agreements register (page, PDF, Excel). Each report is read back."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from audit.models import AccessLog
from personnel.models import DossierEntry, Employee
from personnel.services import people as services
from tests.reports.test_roster_cache import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def employee(no: str) -> Employee:
    return Employee.objects.get(employee_no=no)


def hr():
    return employee("A0001").user


# --- The dossier PDF ------------------------------------------------------------------------
def _dossier_of_huang_lei():
    person = employee("R0002")
    for title, score, day in [("年度保密考试", 92, 10), ("保密知识竞赛", 78, 20)]:
        services.dossier_entry_add(
            actor=hr(),
            employee=person,
            kind=DossierEntry.Kind.TRAINING,
            occurred_on=datetime.date(2025, 3, day),
            title=title,
            score=score,
        )
    services.dossier_entry_add(
        actor=hr(),
        employee=person,
        kind=DossierEntry.Kind.REWARD,
        occurred_on=datetime.date(2025, 6, 1),
        title="保密工作先进个人",
        detail="全年无违规",
    )
    return person


def test_the_dossier_pdf_holds_the_record_agreements_and_entries(demo, login, tmp_path):
    person = _dossier_of_huang_lei()
    response = login("hr").get(reverse("personnel:dossier_pdf", args=[person.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "秘密★" in text and "保密档案（考核用）" in text
    assert "黄磊" in text and "R0002" in text and "研发部" in text and "核心" in text
    assert "保密承诺书" in text  # the commitment the demo records at hire
    assert "年度保密考试" in text and "保密知识竞赛" in text and "保密工作先进个人" in text
    summary = text.split("档案记录汇总")[1].split("档案记录明细")[0]
    assert "培训2" in summary and "85.0" in summary  # 2 training entries, average score
    entry = AccessLog.objects.get(action=AccessLog.Action.EXPORT, target_type="report:dossier")
    assert entry.username == "hr" and "黄磊" in entry.target_repr
    assert f"份号{entry.copy_number}" in text and "导出人王丽" in text


@pytest.mark.parametrize(
    ("username", "status"),
    [("emp_rd", 200), ("head_rd", 200), ("auditor", 200), ("head_cs", 404), ("emp_cs", 404)],
)
def test_the_dossier_pdf_is_for_who_may_see_the_person(demo, login, username, status):
    person = employee("R0002")  # 黄磊 of 研发部
    response = login(username).get(reverse("personnel:dossier_pdf", args=[person.pk]))
    assert response.status_code == status
    logged = AccessLog.objects.filter(target_type="report:dossier", username=username)
    assert logged.exists() == (status == 200)


def test_the_employee_page_links_its_dossier_pdf(demo, login):
    person = employee("R0002")
    page = login("hr").get(reverse("personnel:employee_detail", args=[person.pk]))
    assert reverse("personnel:dossier_pdf", args=[person.pk]) in page.content.decode()
