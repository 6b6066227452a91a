"""Questions from Excel, through personnel's import mechanism and the bank's services."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from config.celery import app as celery_app
from exams.models import Question, QuestionType
from reports.models import ImportJob
from tests.exams.test_bank import question_add

pytestmark = pytest.mark.django_db

HEADERS = [
    "题号",
    "题型",
    "知识点",
    "难度",
    "题目",
    *[f"选项{letter}" for letter in "ABCDEFGH"],
    "答案",
    "解析",
]


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def row(number="", kind="单选", topic="保密法规", difficulty="中", text="题目", options=(), **kw):
    cells = [number, kind, topic, difficulty, text, *options]
    cells += [""] * (5 + 8 - len(cells))
    return [*cells, kw.get("answer", "A"), kw.get("explanation", "")]


def template(client):
    response = client.get(reverse("exams:question_import_template"))
    assert response.status_code == 200
    return load_workbook(BytesIO(response.content))


def upload(client, workbook, capture):
    buffer = BytesIO()
    workbook.save(buffer)
    with capture(execute=True):
        client.post(
            reverse("exams:question_import"),
            {"file": SimpleUploadedFile("题库.xlsx", buffer.getvalue())},
        )
    return ImportJob.objects.filter(kind="questions").latest("requested_at")


def confirm(client, job, capture, mode="valid_only"):
    with capture(execute=True):
        client.post(reverse("personnel:import_confirm", args=[job.pk]), {"mode": mode})
    job.refresh_from_db()
    return job


def test_the_template_has_chinese_headers_an_example_and_drop_downs(demo, login):
    workbook = template(login("hr"))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADERS
    example = [cell.value for cell in sheet[2]]
    assert example[1] == "单选" and example[3] == "易" and example[-2] == "B"
    lists = workbook["lists"]
    validations = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    assert {"B2", "D2"} <= set(validations)  # 题型 and 难度 are chosen from lists
    column = validations["B2"].formula1.split("!")[1].split(":")[0].replace("$", "")[0]
    assert [lists[f"{column}{n}"].value for n in (1, 2, 3)] == ["单选", "多选", "判断"]


def test_a_filled_template_round_trips_and_each_error_is_named(
    demo, login, eager_celery, django_capture_on_commit_callbacks
):
    existing = question_add(QuestionType.TRUE_FALSE, "对", options=[], number="J001")
    client = login("hr")
    workbook = template(client)
    sheet = workbook.worksheets[0]
    opts = ("甲", "乙", "丙", "丁")
    for cells in [
        row("", "单选", text="单选新题", options=opts, answer="C", explanation="解析一"),  # 3
        row("M100", "多选", difficulty="难", text="多选新题", options=opts, answer="A、B、D"),  # 4
        row("", "判断", text="判断新题", answer="错"),  # 5
        row("", "单选", text="", options=opts),  # 6: 题目 empty
        row("", "填空", text="类型不对", options=opts),  # 7: not a type
        row("M100", "多选", text="重复题号", options=opts, answer="AB"),  # 8: number twice
        row("", "单选", text="两个答案", options=opts, answer="AB"),  # 9
        row("", "单选", text="选项空缺", options=("甲", "", "丙"), answer="A"),  # 10
        row("J001", "单选", text="改了题型", options=opts, answer="A"),  # 11
        row("", "判断", text="判断带选项", options=opts, answer="对"),  # 12
    ]:
        sheet.append(cells)
    job = upload(client, workbook, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.CHECKED and job.skipped_example
    errors = {number: (column, reason) for number, column, reason in job.errors}
    assert set(errors) == {6, 7, 8, 9, 10, 11, 12}
    assert errors[6] == ("题目", "必填项为空。")
    assert errors[7][0] == "题型" and "单选" in errors[7][1]
    assert errors[8] == ("题号", "重复：与第 4 行的值相同。")
    assert errors[9] == ("答案", "单选题只能有一个正确选项。")
    assert errors[10] == ("选项A", "选项须从 A 开始依次填写，中间不能空缺。")
    assert errors[11] == ("题型", "题目 J001 是判断题，题型不能修改。")
    assert errors[12] == ("选项A", "判断题不填选项。")
    assert Question.objects.count() == 1  # the check writes nothing

    job = confirm(client, job, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.DONE and job.created == 3
    single = Question.objects.get(current__text="单选新题")
    assert single.number == "Q00001" and single.current.answer == "C"
    assert single.current.options == list(opts) and single.current.explanation == "解析一"
    multiple = Question.objects.get(number="M100")
    assert (multiple.kind, multiple.difficulty, multiple.current.answer) == ("multiple", 3, "ABD")
    judged = Question.objects.get(current__text="判断新题")
    assert judged.current.answer == "F" and judged.current.options == []
    assert single.history.first().history_user.username == "hr"
    existing.refresh_from_db()
    assert existing.current.version == 1


def test_a_changed_row_adds_a_version_and_an_unchanged_one_nothing(
    demo, login, eager_celery, django_capture_on_commit_callbacks
):
    opts = ("甲", "乙", "丙")
    first = question_add(number="K1", text="原题目", options=list(opts), answer="A", explanation="")
    second = question_add(number="K2", text="不变", options=list(opts), answer="B", explanation="")
    client = login("hr")
    workbook = template(client)
    sheet = workbook.worksheets[0]
    sheet.delete_rows(2)  # HR removes the example row
    sheet.append(row("K1", text="新题目", options=opts, answer="B"))
    sheet.append(row("K2", text="不变", options=opts, answer="B"))
    job = upload(client, workbook, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.CHECKED and not job.errors
    job = confirm(client, job, django_capture_on_commit_callbacks, mode="all")
    assert (job.created, job.updated, job.unchanged) == (0, 1, 1)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.current.version == 2 and first.current.text == "新题目"
    assert first.versions.get(version=1).text == "原题目"
    assert second.current.version == 1


def test_only_the_bank_keepers_import(demo, login):
    for username in ("emp_rd", "auditor"):
        client = login(username)
        assert client.get(reverse("exams:question_import")).status_code == 404
        assert client.get(reverse("exams:question_import_template")).status_code == 404
