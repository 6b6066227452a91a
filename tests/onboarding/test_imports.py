"""Candidates from Excel, through personnel's import mechanism and candidate_register."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from config.celery import app as celery_app
from onboarding.models import Candidate
from personnel.identity import gb11643_check_digit
from personnel.models import Employee
from reports.models import ImportJob

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def id_number(serial: int) -> str:
    first17 = f"11010519950512{serial:03d}"
    return first17 + gb11643_check_digit(first17)


def test_candidates_import_from_their_template(
    demo, login, eager_celery, django_capture_on_commit_callbacks
):
    client = login("hr")
    template = client.get(reverse("onboarding:candidate_import_template"))
    workbook = load_workbook(BytesIO(template.content))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == [
        "姓名",
        "证件类型",
        "身份证件号码",
        "部门",
        "应聘岗位",
    ]
    employee = Employee.objects.get(employee_no="R0005")
    employee.id_number = id_number(7)
    employee.save()
    sheet.delete_rows(2)  # HR removes the example row
    for row in [
        ["赵一", "居民身份证", id_number(1), "研发部", "研发工程师"],
        ["钱二", "", id_number(2), "客服部", "客服专员"],
        ["孙三", "", id_number(7), "客服部", "客服助理"],  # an employee's number
        ["李四", "", id_number(3), "研发部", "客服专员"],  # a post of another department
        ["周五", "", id_number(1), "研发部", "测试工程师"],  # the same person twice
    ]:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("onboarding:candidate_import"),
            {"file": SimpleUploadedFile("应聘人员.xlsx", buffer.getvalue())},
        )
    job = ImportJob.objects.get(kind="candidates")
    assert job.status == ImportJob.Status.CHECKED and not job.skipped_example
    errors = {row: (column, reason) for row, column, reason in job.errors}
    assert set(errors) == {4, 5, 6}
    assert errors[4][0] == "身份证件号码" and "已登记" in errors[4][1]
    assert errors[5] == ("应聘岗位", "岗位“客服专员”属于客服部，不属于研发部。")
    assert errors[6] == ("身份证件号码", "重复：与第 2 行的值相同。")
    assert not Candidate.objects.filter(name__in=["赵一", "钱二"]).exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("personnel:import_confirm", args=[job.pk]), {"mode": "valid_only"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.created == 2
    imported = Candidate.objects.filter(name__in=["赵一", "钱二"])
    assert {c.registered_by.username for c in imported} == {"hr"}
    assert all(c.status == Candidate.Status.APPLYING for c in imported)
    assert imported.get(name="赵一").history.get().history_user.username == "hr"
