"""The security office's sample: its size, only active classified staff, never twice, only the
office draws; the sampled are told; the result sheet read back from its PDF."""

import math
import shutil
import subprocess
from collections import Counter
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation

from core.errors import DomainError
from core.models import Notification
from exams.models import Exam, Paper, QuestionType, Seat
from exams.services import definition
from exams.services.sampling import SampleSize, classified_staff, sample_draw
from personnel.models import CLASSIFIED_TIERS, Department, Employee
from tests.exams.test_bank import question_add, user
from tests.exams.test_definition import fields
from training.models import TrainingKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def exam(demo):
    for n in range(2):
        question_add(QuestionType.SINGLE, "A", text=f"单选{n}")
    draft = definition.exam_create(
        actor=user("hr"),
        **fields(
            title="迎检抽考",
            kind=TrainingKind.AWARENESS,
            month=None,
            topics=[],
            single_count=2,
            multiple_count=0,
            true_false_count=0,
            single_points=Decimal(50),
        ),
    )
    definition.exam_publish(actor=user("hr"), exam=draft)
    draft.refresh_from_db()
    return draft


def draw(exam, **size):
    return sample_draw(actor=user("security"), exam=exam, size=SampleSize(**size))


def test_a_sample_of_a_count_seats_that_many_classified_staff(exam):
    Employee.objects.filter(employee_no="R0003").update(status=Employee.Status.RESIGNING)
    pool = set(classified_staff().values_list("pk", flat=True))
    seats = draw(exam, count=5)
    assert len(seats) == 5
    drawn = Seat.objects.filter(exam=exam)
    assert drawn.count() == 5 and all(s.sampled and s.assignment is None for s in drawn)
    people = Employee.objects.filter(exam_seats__exam=exam)
    assert set(people.values_list("pk", flat=True)) <= pool
    assert all(p.tier in CLASSIFIED_TIERS and p.status == Employee.Status.ACTIVE for p in people)
    record = drawn.first().history.get()
    assert record.history_user.username == "security" and record.history_type == "+"


def test_a_percentage_is_rounded_up_and_nobody_is_drawn_twice(exam):
    pool = classified_staff().count()
    assert len(draw(exam, percent=30)) == math.ceil(pool * 0.3)
    rest = pool - math.ceil(pool * 0.3)
    with pytest.raises(DomainError):
        draw(exam, count=rest + 1)
    draw(exam, count=rest)
    assert Seat.objects.filter(exam=exam).count() == pool
    with pytest.raises(DomainError):
        draw(exam, count=1)


def test_per_department_each_department_gives_its_share(exam):
    draw(exam, count=1, per_department=True)
    with_staff = set(classified_staff().values_list("department_id", flat=True))
    drawn = Counter(
        Seat.objects.filter(exam=exam).values_list("employee__department_id", flat=True)
    )
    assert set(drawn) == with_staff and set(drawn.values()) == {1}
    rd = Department.objects.get(code="RD")
    seats = sample_draw(
        actor=user("security"), exam=exam, size=SampleSize(percent=100), department=rd
    )
    assert {s.employee.department_id for s in seats} == {rd.pk}
    assert len(seats) == classified_staff().filter(department=rd).count() - 1


def test_only_the_security_office_draws_and_only_for_a_published_open_exam(exam, login):
    with pytest.raises(PermissionDenied):
        sample_draw(actor=user("hr"), exam=exam, size=SampleSize(count=1))
    draft = definition.exam_create(
        actor=user("hr"),
        **fields(
            title="草稿",
            kind=TrainingKind.AWARENESS,
            month=None,
            topics=[],
            single_count=2,
            multiple_count=0,
            true_false_count=0,
            single_points=Decimal(50),
        ),
    )
    with pytest.raises(DomainError):
        draw(draft, count=1)
    Exam.objects.filter(pk=exam.pk).update(closes_at=timezone.now())
    with pytest.raises(DomainError):
        draw(exam, count=1)
    url = reverse("exams:sample", args=[exam.pk])
    assert login("hr").post(url, {"by": "count", "count": "1"}).status_code == 403
    assert login("emp_rd").get(url).status_code == 404
    assert login("emp_rd").post(url, {"by": "count", "count": "1"}).status_code == 404
    assert not Seat.objects.filter(exam=exam, sampled=True).exists()


def test_the_office_draws_from_the_page_and_the_sampled_are_told(exam, login):
    client = login("security")
    page = client.post(reverse("exams:sample", args=[exam.pk]), {"by": "percent"})
    assert page.status_code == 200 and "percent" in page.context["form"].errors
    response = client.post(reverse("exams:sample", args=[exam.pk]), {"by": "count", "count": "3"})
    assert response.status_code == 302
    seats = Seat.objects.filter(exam=exam, sampled=True).select_related("employee__user")
    assert seats.count() == 3
    told = Notification.objects.filter(subject__contains="迎检抽考")
    with_login = {s.employee.user for s in seats if s.employee.user and s.employee.user.is_active}
    assert {n.recipient for n in told} == with_login
    listed = client.get(reverse("exams:sample", args=[exam.pk]))
    assert len(listed.context["results"]) == 3 and listed.context["draws"][0][2] == 3


def test_the_result_sheet_pdf_lists_the_sample_with_results(exam, login, tmp_path):
    draw(exam, count=4)
    seats = list(Seat.objects.filter(exam=exam).select_related("employee__department"))
    now = timezone.now()
    Paper.objects.create(
        seat=seats[0],
        status=Paper.Status.SUBMITTED,
        started_at=now,
        deadline=now,
        submitted_at=now,
        score=Decimal("87.5"),
        passed=True,
    )
    response = login("security").get(reverse("exams:sample_pdf", args=[exam.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "sample.pdf"
    path.write_bytes(response.content)
    assert shutil.which("pdftotext")
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "保密考试抽考结果表" in text and "迎检抽考" in text and "内部" in text
    assert "EXAM_SAMPLE-" in text and "郑涛" in text  # the copy number; who drew and exported
    assert "抽取 4 人，参考 1 人，合格 1 人" in text
    first = next(line for line in text.splitlines() if seats[0].employee.employee_no in line)
    assert first.split()[2:] == [
        seats[0].employee.name,
        seats[0].employee.department.name,
        "1",
        "87.50",
        "合格",
    ]
    for seat in seats[1:]:
        line = next(line for line in text.splitlines() if seat.employee.employee_no in line)
        assert line.split()[-3:] == ["0", "—", "未参考"]
    assert login("emp_rd").get(reverse("exams:sample_pdf", args=[exam.pk])).status_code == 404
