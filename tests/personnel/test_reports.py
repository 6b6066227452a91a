"""Personnel's reports of issue 18: a person's dossier as a PDF for appraisal, and the
unit-wide agreements register (page, PDF, Excel). Each report is read back."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from audit.models import AccessLog
from personnel.models import Agreement, Department, DossierEntry, Employee
from personnel.services import people as services
from tests.reports.test_roster_cache import pdf_text
from tests.reports.xlsx import column, read_sheet

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


# --- The agreements register ------------------------------------------------------------------
REGISTER = "personnel:agreement_register"


def _sign(no: str, kind=Agreement.Kind.BILATERAL, day=datetime.date(2025, 5, 6)):
    services.agreement_add(actor=hr(), employee=employee(no), kind=kind, signed_on=day, note="")


def test_the_register_lists_who_signed_what_and_when_across_the_unit(demo, login):
    _sign("R0003")  # 何军, 研发部, a bilateral agreement
    client = login("security")
    page = client.get(reverse(REGISTER)).context["page"]
    people = {(a.employee.employee_no, a.kind) for a in page}
    assert ("R0003", Agreement.Kind.BILATERAL) in people
    assert ("C0002", Agreement.Kind.COMMITMENT) in people  # another department
    bilateral = client.get(reverse(REGISTER), {"kind": "bilateral"}).context["page"]
    assert [(a.employee.name, a.signed_on) for a in bilateral] == [
        ("何军", datetime.date(2025, 5, 6))
    ]
    rd = Department.objects.get(code="RD")
    in_rd = client.get(reverse(REGISTER), {"department": rd.pk}).context["page"].object_list
    assert in_rd and {a.employee.department_id for a in in_rd} == {rd.pk}
    found = client.get(reverse(REGISTER), {"q": "黄磊"}).context["page"].object_list
    assert [a.employee.employee_no for a in found] == ["R0002"]


def test_the_register_shows_the_classified_staff_in_post_without_a_commitment(demo, login):
    services.employee_lifecycle_set(
        actor=hr(), employee=employee("C0007"), status=Employee.Status.DEPARTED
    )
    client = login("hr")
    html = client.get(reverse(REGISTER)).content.decode()
    assert 'data-testid="missing-count"' in html and "show=missing" in html
    missing = client.get(reverse(REGISTER), {"show": "missing"}).context["page"]
    # 唐宁 never signed; 曹颖 neither, but has left; the non-classified are not asked to.
    assert [e.name for e in missing] == ["唐宁"]


def test_the_register_costs_the_same_queries_whatever_its_length(
    demo, login, django_assert_max_num_queries
):
    client = login("hr")
    client.get(reverse(REGISTER))
    for no in ["R0003", "R0004", "R0005", "R0006", "C0003", "C0004"]:
        _sign(no)
    with django_assert_max_num_queries(12):
        client.get(reverse(REGISTER))
    with django_assert_max_num_queries(12):
        client.get(reverse(REGISTER), {"show": "missing"})


def test_the_register_exports_to_excel_under_its_filters(demo, login):
    _sign("R0003")
    client = login("auditor")
    sheet = read_sheet(
        client.get(reverse("personnel:agreement_register_xlsx"), {"kind": "bilateral"})
    )
    assert sheet["marking"] == "秘密★" and sheet["title"] == "保密承诺书与协议登记"
    assert column(sheet, "姓名") == ["何军"] and column(sheet, "签订日期") == ["2025-05-06"]
    assert column(sheet, "类型") == ["双边保密协定"]
    missing = read_sheet(
        client.get(reverse("personnel:agreement_register_xlsx"), {"show": "missing"})
    )
    assert sorted(column(missing, "姓名")) == ["唐宁", "曹颖"]
    assert set(column(missing, "未签订")) == {"保密承诺书"}
    logged = AccessLog.objects.filter(target_type="report:agreements", action="export")
    assert logged.count() == 2


def test_the_register_pdf_holds_the_signed_and_the_missing(demo, login, tmp_path):
    _sign("R0003")
    response = login("hr").get(reverse("personnel:agreement_register_pdf"), {"q": "何军"})
    text = pdf_text(response.content, tmp_path)
    signed, missing = text.split("应签未签保密承诺书的在岗涉密人员")
    assert (
        "秘密★" in signed and "保密承诺书与协议登记" in signed and "筛选条件：搜索：何军" in signed
    )
    assert "何军" in signed and "双边保密协定" in signed and "2025-05-06" in signed
    assert "黄磊" not in text and "唐宁" not in missing  # outside the search
    everyone = pdf_text(
        login("hr").get(reverse("personnel:agreement_register_pdf")).content, tmp_path
    )
    assert "唐宁" in everyone.split("应签未签保密承诺书的在岗涉密人员")[1]
    entry = AccessLog.objects.filter(target_type="report:agreements").latest("id")
    assert f"份号{entry.copy_number}" in everyone


@pytest.mark.parametrize(
    ("username", "status"),
    [("hr", 200), ("security", 200), ("auditor", 200), ("head_rd", 403), ("emp_rd", 403)],
)
def test_the_register_is_for_hr_the_security_office_and_auditors(demo, login, username, status):
    client = login(username)
    assert client.get(reverse(REGISTER)).status_code == status
    assert client.get(reverse("personnel:agreement_register_pdf")).status_code == status
    xlsx = client.get(reverse("personnel:agreement_register_xlsx")).status_code
    assert xlsx == (200 if status == 200 else 404)


def test_the_report_centre_and_the_menu_lead_to_the_register(demo, login):
    client = login("auditor")
    assert reverse(REGISTER) in client.get(reverse("reports:report_list")).content.decode()
    assert reverse(REGISTER) in client.get(reverse("personnel:employee_list")).content.decode()
