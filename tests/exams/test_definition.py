"""HR's exams: checked against the model's rules and the bank, edited while a draft, published
to the people with an open training assignment, newcomers seated again without repeats."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from core.errors import DomainError
from exams.models import Exam, Paper, QuestionType, Seat
from exams.services import definition
from personnel.models import Employee
from tests.exams.test_bank import question_add, user
from training.models import Assignment, TrainingKind

pytestmark = pytest.mark.django_db
MONTH = datetime.date(2026, 11, 1)


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def bank(demo):
    """3 single, 2 multiple, 2 true-or-false questions on 保密法规; 2 single on 定密."""
    for n in range(3):
        question_add(QuestionType.SINGLE, "A", text=f"单选{n}")
    for n in range(2):
        question_add(QuestionType.MULTIPLE, "AB", text=f"多选{n}")
        question_add(QuestionType.TRUE_FALSE, "对", options=[], text=f"判断{n}")
        question_add(QuestionType.SINGLE, "B", text=f"定密{n}", topic="定密")


def fields(**changes) -> dict:
    now = timezone.now()
    return {
        "title": "11月保密知识考试",
        "kind": TrainingKind.MONTHLY,
        "month": MONTH,
        "topics": ["保密法规"],
        "single_count": 3,
        "multiple_count": 2,
        "true_false_count": 2,
        "single_points": Decimal(10),
        "multiple_points": Decimal(20),
        "true_false_points": Decimal(15),
        "multiple_all_or_nothing": True,
        "pass_mark": Decimal(60),
        "time_limit_minutes": 30,
        "opens_at": now - datetime.timedelta(hours=1),
        "closes_at": now + datetime.timedelta(days=5),
        "retakes": 1,
        "hours": Decimal("1.5"),
        **changes,
    }


def create(**changes) -> Exam:
    return definition.exam_create(actor=user("hr"), **fields(**changes))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"closes_at": timezone.now() - datetime.timedelta(days=1)}, "closes_at"),
        ({"month": None}, "month"),
        ({"single_count": 0, "multiple_count": 0, "true_false_count": 0}, "single_count"),
        ({"pass_mark": Decimal(200)}, "pass_mark"),
        ({"multiple_count": 3}, "multiple_count"),  # the bank holds two
        ({"topics": ["定密"], "single_count": 3}, "single_count"),  # two there
        ({"topics": ["定密"], "single_count": 2}, "multiple_count"),  # none there
    ],
)
def test_a_wrong_exam_is_refused_on_its_field(bank, changes, field):
    with pytest.raises(ValidationError) as refused:
        create(**changes)
    assert field in refused.value.message_dict
    assert not Exam.objects.exists()


def test_too_few_questions_says_how_many_the_bank_holds(bank):
    with pytest.raises(ValidationError) as refused:
        create(true_false_count=5)
    assert refused.value.message_dict["true_false_count"] == [
        "题库中这些知识点下启用的判断题只有 2 道。"
    ]
    create(topics=[], single_count=5, multiple_count=0, true_false_count=0, pass_mark=30)


def test_a_draft_is_edited_and_a_published_exam_no_longer(bank):
    exam = create(kind=TrainingKind.AWARENESS)
    assert exam.month is None and exam.status == Exam.Status.DRAFT
    exam = definition.exam_edit(actor=user("hr"), exam=exam, title="新标题", retakes=2)
    assert (exam.title, exam.retakes) == ("新标题", 2)
    assert exam.history.first().history_user.username == "hr"
    definition.exam_publish(actor=user("hr"), exam=exam)
    with pytest.raises(DomainError):
        definition.exam_edit(actor=user("hr"), exam=exam, title="再改")
    with pytest.raises(DomainError):
        definition.exam_publish(actor=user("hr"), exam=exam)
    with pytest.raises(PermissionDenied):
        definition.exam_create(actor=user("auditor"), **fields())


def assign(username_or_no: str, status, *, kind=TrainingKind.MONTHLY, month=MONTH):
    employee = Employee.objects.filter(user__username=username_or_no).first()
    employee = employee or Employee.objects.get(employee_no=username_or_no)
    return Assignment.objects.create(employee=employee, kind=kind, month=month, status=status)


def test_publishing_seats_the_open_assignments_of_its_kind_and_month(bank):
    Status = Assignment.Status
    seated = {
        assign("emp_rd", Status.ASSIGNED),
        assign("emp_cs", Status.OVERDUE),
        assign("R0003", Status.ATTENDED),
        assign("R0004", Status.FAILED),
    }
    assign("R0005", Status.PASSED)  # passed already
    assign("R0006", Status.ASSIGNED, month=datetime.date(2026, 10, 1))  # another month
    assign("R0008", Status.ASSIGNED, kind=TrainingKind.AWARENESS)  # another kind
    exam = create()
    assert definition.exam_publish(actor=user("hr"), exam=exam) == 4
    exam.refresh_from_db()
    assert exam.status == Exam.Status.PUBLISHED
    seats = Seat.objects.filter(exam=exam)
    assert {seat.assignment for seat in seats} == seated
    assert all(seat.employee_id == seat.assignment.employee_id for seat in seats)
    assert not any(seat.sampled for seat in seats)
    assert {s.history.get().history_user.username for s in seats} == {"hr"}

    assert definition.exam_seat_newcomers(actor=user("hr"), exam=exam) == 0
    newcomer = assign("C0003", Status.ASSIGNED)
    assert definition.exam_seat_newcomers(actor=user("hr"), exam=exam) == 1
    assert definition.exam_seat_newcomers(actor=user("hr"), exam=exam) == 0
    assert (
        Seat.objects.filter(exam=exam).count() == 5
        and seats.get(employee=newcomer.employee).assignment == newcomer
    )


def test_seating_costs_the_same_queries_for_few_or_many(bank):
    other = create(title="另一场", kind=TrainingKind.AWARENESS, month=None)
    exam = create()
    for number in ("R0003", "R0004"):
        assign(number, Assignment.Status.ASSIGNED)
        assign(number, Assignment.Status.ASSIGNED, kind=TrainingKind.AWARENESS)
    with CaptureQueriesContext(connection) as few:
        definition.exam_publish(actor=user("hr"), exam=other)
    for number in ("R0005", "R0006", "R0008", "C0003", "C0004", "C0007"):
        assign(number, Assignment.Status.ASSIGNED, kind=TrainingKind.AWARENESS)
    assert Seat.objects.filter(exam=exam).count() == 0
    second = create(title="第三场", kind=TrainingKind.AWARENESS, month=None)
    with CaptureQueriesContext(connection) as many:
        assert definition.exam_publish(actor=user("hr"), exam=second) == 8
    assert len(many) == len(few)


def test_the_pages_define_publish_and_show_results(bank, login):
    client = login("hr")
    data = {
        **fields(),
        "month": "2026-11",
        "opens_at": "2026-11-20T09:00",
        "closes_at": "2026-11-30T18:00",
        "multiple_count": "9",
    }
    page = client.post(reverse("exams:exam_create"), data)
    assert page.status_code == 200 and not Exam.objects.exists()
    assert "只有 2 道" in page.content.decode()
    assert page.context["form"]["title"].value() == "11月保密知识考试"  # nothing lost
    client.post(reverse("exams:exam_create"), {**data, "multiple_count": "2"})
    exam = Exam.objects.get()
    assert exam.month == MONTH and exam.topics == ["保密法规"]
    edit = reverse("exams:exam_edit", args=[exam.pk])
    form = client.get(edit).context["form"]
    assert (form["month"].value(), form["topics"].value()) == ("2026-11", ["保密法规"])
    assert form["opens_at"].value() == datetime.datetime(2026, 11, 20, 9, 0)  # local time
    client.post(edit, {**data, "multiple_count": "2", "title": "改过的标题", "topics": []})
    exam.refresh_from_db()
    assert (exam.title, exam.topics) == ("改过的标题", [])
    seat_for = assign("emp_rd", Assignment.Status.ASSIGNED)
    publish = reverse("exams:exam_publish", args=[exam.pk])
    assert "确定发布" in client.get(publish).content.decode()
    exam.refresh_from_db()
    assert exam.status == Exam.Status.DRAFT  # the confirmation publishes nothing
    client.post(publish)
    exam.refresh_from_db()
    assert exam.status == Exam.Status.PUBLISHED
    assert client.get(reverse("exams:exam_edit", args=[exam.pk])).status_code == 302

    seat = Seat.objects.get(exam=exam, assignment=seat_for)
    now = timezone.now()
    for attempt, score, passed in ((1, Decimal(40), False), (2, Decimal(85), True)):
        Paper.objects.create(
            seat=seat,
            attempt=attempt,
            status=Paper.Status.SUBMITTED,
            started_at=now,
            deadline=now,
            submitted_at=now,
            score=score,
            passed=passed,
        )
    detail = client.get(reverse("exams:exam_detail", args=[exam.pk]))
    (row,) = detail.context["results"]
    assert (row.attempts, row.score, row.passed) == (2, Decimal(85), True)
    sheet = client.get(reverse("exams:exam_results_xlsx", args=[exam.pk]))
    cells = [[c.value for c in r] for r in load_workbook(BytesIO(sheet.content)).active.rows]
    assert ["R0002", "黄磊", "研发部", "否", 2, 85, "合格"] in cells


def test_an_employee_sees_no_exam(bank, login):
    exam = create()
    client = login("emp_rd")
    assert client.get(reverse("exams:exam_list")).status_code == 403
    assert client.get(reverse("exams:exam_create")).status_code == 403
    for name in ("exam_detail", "exam_edit", "exam_publish", "exam_results_xlsx"):
        assert client.get(reverse(f"exams:{name}", args=[exam.pk])).status_code == 404
    assert client.post(reverse("exams:exam_publish", args=[exam.pk])).status_code == 404
    auditor = login("auditor")
    assert auditor.get(reverse("exams:exam_detail", args=[exam.pk])).status_code == 200
    assert auditor.post(reverse("exams:exam_publish", args=[exam.pk])).status_code == 403


def test_the_exam_page_costs_the_same_queries_for_few_or_many_seats(bank, login):
    exam = create()
    assign("emp_rd", Assignment.Status.ASSIGNED)
    definition.exam_publish(actor=user("hr"), exam=exam)
    client = login("hr")
    url = reverse("exams:exam_detail", args=[exam.pk])
    client.get(url)  # what a first page caches
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in ("R0003", "R0004", "R0005", "C0003", "C0004"):
        assign(number, Assignment.Status.ASSIGNED)
    definition.exam_seat_newcomers(actor=user("hr"), exam=exam)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url).context["results"]) == 6
    assert len(many) == len(few)
