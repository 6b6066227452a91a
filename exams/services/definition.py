"""HR's exams (T1–T6): defined while a draft, then published to the people who must sit them.

Publishing seats everyone with an open training assignment of the exam's kind (and month,
for monthly education), linked to that assignment; people assigned later are seated by
running it again (`exam_seat_newcomers`), which never seats anyone twice.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from audit.history import save_recorded
from core.access import require_perm
from core.errors import DomainError
from core.transitions import transition
from training.models import Assignment, TrainingKind

from ..models import Exam, Question, QuestionType, Seat

# Assignments an exam still counts for: not passed (a failed one may be retaken).
OPEN_STATUSES = (
    Assignment.Status.ASSIGNED,
    Assignment.Status.OVERDUE,
    Assignment.Status.ATTENDED,
    Assignment.Status.FAILED,
)
EDITABLE = (
    "title",
    "kind",
    "month",
    "topics",
    "single_count",
    "multiple_count",
    "true_false_count",
    "single_points",
    "multiple_points",
    "true_false_points",
    "multiple_all_or_nothing",
    "pass_mark",
    "time_limit_minutes",
    "opens_at",
    "closes_at",
    "retakes",
    "hours",
)
BATCH = 1000


def bank_counts(topics) -> dict[str, int]:
    """Active questions per type in these topics (every topic when empty): one query."""
    bank = Question.objects.filter(active=True, current__isnull=False)
    if topics:
        bank = bank.filter(topic__in=topics)
    counts = dict(bank.order_by().values_list("kind").annotate(n=Count("id")))
    return {kind: counts.get(kind, 0) for kind in QuestionType.values}


def exam_validate(exam: Exam) -> None:
    """The model's own rules, then: the bank holds enough active questions of each type."""
    errors = {}
    try:
        exam.full_clean(exclude=["created_by"])
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if exam.kind != TrainingKind.MONTHLY:
        exam.month = None
    elif exam.month:
        exam.month = exam.month.replace(day=1)
    have = bank_counts(exam.topics)
    labels = dict(QuestionType.choices)
    for kind, wanted in exam.counts().items():
        if wanted > have[kind]:
            errors.setdefault(f"{kind}_count", []).append(
                _("The bank holds only %(have)s active %(type)s questions in these topics.")
                % {"have": have[kind], "type": labels[kind]}
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def exam_create(*, actor, **fields) -> Exam:
    require_perm(actor, "exams.add_exam")
    exam = Exam(created_by=actor, **{name: fields[name] for name in EDITABLE if name in fields})
    exam_validate(exam)
    save_recorded(exam, actor)
    return exam


def _locked(exam: Exam) -> Exam:
    return Exam.objects.select_for_update().get(pk=exam.pk)


@transaction.atomic
def exam_edit(*, actor, exam: Exam, **fields) -> Exam:
    """A draft is edited freely; a published exam no longer (its papers are being drawn)."""
    require_perm(actor, "exams.change_exam")
    exam = _locked(exam)
    if exam.status != Exam.Status.DRAFT:
        raise DomainError(_("Only a draft exam can be changed."))
    for name in EDITABLE:
        if name in fields:
            setattr(exam, name, fields[name])
    exam_validate(exam)
    save_recorded(exam, actor)
    return exam


def _assignments_to_seat(exam: Exam) -> QuerySet:
    rows = Assignment.objects.filter(kind=exam.kind, status__in=OPEN_STATUSES)
    if exam.kind == TrainingKind.MONTHLY:
        rows = rows.filter(month=exam.month)
    seated = Seat.objects.filter(exam=exam).values("employee_id")
    return rows.exclude(employee_id__in=seated)


def _seat(actor, exam: Exam) -> int:
    """Seat the people not seated yet, each linked to their newest open assignment."""
    newest: dict[int, int] = {}
    rows = _assignments_to_seat(exam).order_by("employee_id", "-month", "-id")
    for employee_id, assignment_id in rows.values_list("employee_id", "id"):
        newest.setdefault(employee_id, assignment_id)
    seats = [
        Seat(exam=exam, employee_id=employee_id, assignment_id=assignment_id)
        for employee_id, assignment_id in newest.items()
    ]
    bulk_create_with_history(seats, Seat, batch_size=BATCH, default_user=actor)
    return len(seats)


@transaction.atomic
def exam_publish(*, actor, exam: Exam) -> int:
    """Draft → published, checked again against the bank; returns how many were seated."""
    require_perm(actor, "exams.change_exam")
    exam = _locked(exam)
    transition(exam, Exam.Status.PUBLISHED)
    exam_validate(exam)
    save_recorded(exam, actor)
    return _seat(actor, exam)


@transaction.atomic
def exam_seat_newcomers(*, actor, exam: Exam) -> int:
    """Seat those assigned since the exam was published; returns how many (0 when none)."""
    require_perm(actor, "exams.change_exam")
    exam = _locked(exam)
    if exam.status != Exam.Status.PUBLISHED:
        raise DomainError(_("The exam is not published yet."))
    return _seat(actor, exam)
