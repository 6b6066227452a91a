"""A question bank of every type built with the ORM, a published exam open now, and seats for
demo employees (with their month's training assignment)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from exams.models import Exam, Question, QuestionType, QuestionVersion, Seat
from personnel.models import Employee
from training.models import Assignment, TrainingKind
from training.services import current_month

OPTIONS = ["保密期限", "知悉范围", "密级标志", "定密责任人"]
# The right answers, by type, cycling through the bank: some variety, known in advance.
ANSWERS = {
    QuestionType.SINGLE: ["A", "B", "C", "D"],
    # Never all four letters: a multiple answer always has a wrong letter to choose.
    QuestionType.MULTIPLE: ["AB", "ACD", "BCD", "BD"],
    QuestionType.TRUE_FALSE: ["T", "F"],
}


def user(name):
    return get_user_model().objects.get(username=name)


def bank_add(*, single=0, multiple=0, true_false=0, topic="保密法规", prefix="Q") -> list:
    """Questions with their first version, current; bulk, with history rows."""
    author = user("hr")
    wanted = [
        (QuestionType.SINGLE, single),
        (QuestionType.MULTIPLE, multiple),
        (QuestionType.TRUE_FALSE, true_false),
    ]
    start = Question.objects.count()
    questions = [
        Question(number=f"{prefix}{start + n:05d}", kind=kind, topic=topic)
        for n, kind in enumerate(kind for kind, count in wanted for _ in range(count))
    ]
    questions = bulk_create_with_history(questions, Question, default_user=author)
    versions = [
        QuestionVersion(
            question=q,
            version=1,
            text=f"第{q.number}题：以下关于保密的说法？",
            options=[] if q.kind == QuestionType.TRUE_FALSE else OPTIONS,
            answer=ANSWERS[q.kind][n % len(ANSWERS[q.kind])],
            explanation=f"解析{q.number}：依据《保密法》。",
            created_by=author,
        )
        for n, q in enumerate(questions)
    ]
    versions = bulk_create_with_history(versions, QuestionVersion, default_user=author)
    for q, v in zip(questions, versions, strict=True):
        q.current = v
    bulk_update_with_history(questions, Question, ["current"], default_user=author)
    return questions


def exam_add(**fields) -> Exam:
    now = timezone.now()
    values = {
        "title": "2026年12月保密知识考试",
        "kind": TrainingKind.MONTHLY,
        "month": current_month(),
        "single_count": 4,
        "multiple_count": 3,
        "true_false_count": 3,
        "single_points": Decimal(10),
        "multiple_points": Decimal(10),
        "true_false_points": Decimal(10),
        "pass_mark": Decimal(60),
        "time_limit_minutes": 30,
        "opens_at": now - datetime.timedelta(hours=1),
        "closes_at": now + datetime.timedelta(days=3),
        "retakes": 1,
        "hours": Decimal("1.5"),
        "status": Exam.Status.PUBLISHED,
        "created_by": user("hr"),
        **fields,
    }
    exam = Exam(**values)
    exam.full_clean()
    exam._history_user = user("hr")
    exam.save()
    return exam


def seat_add(exam: Exam, username: str, *, assigned=True) -> Seat:
    employee = Employee.objects.get(user__username=username)
    assignment = None
    if assigned:
        assignment, _ = Assignment.objects.get_or_create(
            employee=employee, kind=TrainingKind.MONTHLY, month=current_month()
        )
    seat = Seat(exam=exam, employee=employee, assignment=assignment)
    seat._history_user = user("hr")
    seat.save()
    return seat


@pytest.fixture
def bank(demo):
    """Enough questions of each type for two people to get different papers."""
    return bank_add(single=30, multiple=30, true_false=20)


@pytest.fixture
def exam(bank):
    return exam_add()


@pytest.fixture
def seat(exam):
    return seat_add(exam, "emp_rd")
