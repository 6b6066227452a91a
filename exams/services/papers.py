"""Sitting an exam (T2): a paper drawn for one person, answers saved as they are given, the
score computed at once and written to the training assignment.

The server's clock decides: a paper's deadline is fixed when it is drawn, an answer after it
is refused, and a paper past it is submitted with the answers saved so far (when its page is
next opened, and by the sweep in exams/sweeps.py). Every step costs the same number of
queries whatever the paper's length: questions are inserted and scored in bulk, their
history rows written in bulk too.
"""

import datetime
import random
import string
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace

from django.db import connection, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from audit.history import save_recorded
from core.errors import DomainError
from core.transitions import transition
from training.services import exam_result_record

from ..models import Exam, Paper, PaperQuestion, Question, QuestionType, QuestionVersion, Seat

TRUE, FALSE = "T", "F"
BATCH = 500
CENT = Decimal("0.01")
# The order of the types on a paper: its questions are numbered in this order.
TYPE_ORDER = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE)
_random = random.SystemRandom()  # a sitter must not predict the next person's paper


def attempts_allowed(exam: Exam) -> int:
    return 1 + exam.retakes


def _own_or_404(actor, seat: Seat) -> None:
    """Only the person invited sits (or sees) a paper: for anyone else it does not exist."""
    employee = getattr(actor, "employee", None) if actor is not None else None
    if employee is None or seat.employee_id != employee.pk:
        raise Http404


# --- Drawing a paper ---------------------------------------------------------------------------


@transaction.atomic
def paper_start(*, actor, seat: Seat) -> Paper:
    """The sitter's open paper, or a new one drawn at random.

    The seat row is locked first, so two tabs (or two clicks) cannot draw two papers. An open
    paper is returned as it is (a reload resumes it); one past its deadline is submitted
    first, then the usual rules say whether another attempt may start: the exam published
    and open now, no paper passed, fewer attempts than 1 + its retakes.
    """
    seat = Seat.objects.select_for_update(of=("self",)).select_related("exam").get(pk=seat.pk)
    _own_or_404(actor, seat)
    now = timezone.now()
    papers = list(seat.papers.order_by("attempt"))
    current = next((p for p in papers if p.status == Paper.Status.OPEN), None)
    if current is not None:
        if now <= current.deadline:
            return current
        _score(actor, current, seat=seat, now=now)
    exam = seat.exam
    if exam.status != Exam.Status.PUBLISHED or not exam.opens_at <= now < exam.closes_at:
        raise DomainError(_("This exam is not open now."))
    if any(p.passed for p in papers):
        raise DomainError(_("You have passed this exam; it cannot be sat again."))
    if len(papers) >= attempts_allowed(exam):
        raise DomainError(_("You have used every attempt this exam allows."))
    paper = Paper(
        seat=seat,
        attempt=len(papers) + 1,
        started_at=now,
        deadline=min(now + datetime.timedelta(minutes=exam.time_limit_minutes), exam.closes_at),
    )
    save_recorded(paper, actor)
    questions = [
        PaperQuestion(paper=paper, position=position, version_id=version, kind=kind, points=points)
        for position, (kind, version, points) in enumerate(_draw(exam), start=1)
    ]
    bulk_create_with_history(questions, PaperQuestion, batch_size=BATCH, default_user=actor)
    return paper


def _draw(exam: Exam) -> list[tuple[str, int, Decimal]]:
    """(type, version id, points) of each question, types in their order, each type's
    questions distinct and shuffled. One query for the whole bank's ids."""
    counts, points = exam.counts(), exam.points()
    wanted = [kind for kind in TYPE_ORDER if counts[kind]]
    bank = Question.objects.filter(active=True, current__isnull=False, kind__in=wanted)
    if exam.topics:
        bank = bank.filter(topic__in=exam.topics)
    pools: dict[str, list[int]] = {kind: [] for kind in wanted}
    for kind, version in bank.values_list("kind", "current_id"):
        pools[kind].append(version)
    short = [kind for kind in wanted if len(pools[kind]) < counts[kind]]
    if short:
        labels = dict(QuestionType.choices)
        raise DomainError(
            _("The question bank has too few questions for this exam: %(missing)s.")
            % {
                "missing": "、".join(
                    _("%(type)s %(have)s of %(need)s")
                    % {"type": labels[kind], "have": len(pools[kind]), "need": counts[kind]}
                    for kind in short
                )
            }
        )
    return [
        (kind, version, points[kind])
        for kind in wanted
        for version in _random.sample(pools[kind], counts[kind])
    ]


# --- Answering ---------------------------------------------------------------------------------


def choices_of(version: QuestionVersion, kind: str) -> str:
    """The letters a question may be answered with: its options' letters, or T and F."""
    if kind == QuestionType.TRUE_FALSE:
        return TRUE + FALSE
    return string.ascii_uppercase[: len(version.options)]


def answer_normalise(version: QuestionVersion, kind: str, given: str) -> str:
    """The letters chosen, sorted and without repeats ("" for no answer); refused when a
    letter is not one of the question's or a single answer names more than one."""
    chosen = set((given or "").replace(",", "").replace(" ", "").upper())
    if not chosen <= set(choices_of(version, kind)):
        raise DomainError(_("Choose among the question's answers."))
    if kind != QuestionType.MULTIPLE and len(chosen) > 1:
        raise DomainError(_("This question has one answer."))
    return "".join(sorted(chosen))


@transaction.atomic
def answer_save(*, actor, paper: Paper, position: int, given: str) -> PaperQuestion:
    """Save one answer of the sitter's own open paper, before its deadline (server time).

    The paper's row is locked with the question's: a hand-in running at the same moment
    either scores this answer or makes it wait and be refused, never scores an older one.
    """
    employee = getattr(actor, "employee", None)
    question = (
        PaperQuestion.objects.select_for_update(of=("self", "paper"))
        .select_related("paper", "version")
        .filter(paper_id=paper.pk, position=position)
        .filter(paper__seat__employee=employee.pk if employee else None)
        .first()
    )
    if question is None:
        raise Http404
    if question.paper.status != Paper.Status.OPEN:
        raise DomainError(_("This paper has been handed in: its answers can no longer change."))
    if timezone.now() > question.paper.deadline:
        raise DomainError(_("Time is up: the answer was not saved."))
    question.given = answer_normalise(question.version, question.kind, given)
    question._history_user = actor
    question.save(update_fields=["given"])
    return question


# --- Handing in and scoring --------------------------------------------------------------------


def earned(question: PaperQuestion, answer: str, *, all_or_nothing: bool) -> Decimal:
    """Exact match earns the points. A multiple choice not scored all or nothing earns half
    for some of the right letters and no wrong one."""
    given = question.given
    if not given:
        return Decimal(0)
    if given == answer:
        return question.points
    partial = set(given) < set(answer)
    if question.kind == QuestionType.MULTIPLE and not all_or_nothing and partial:
        return (question.points / 2).quantize(CENT, rounding=ROUND_HALF_UP)
    return Decimal(0)


@transaction.atomic
def paper_submit(*, actor, paper: Paper) -> Paper:
    """The sitter hands in their own paper: scored at once. Handing in twice changes
    nothing; after the deadline the answers saved in time are scored all the same."""
    paper = _locked(paper)
    _own_or_404(actor, paper.seat)
    if paper.status == Paper.Status.SUBMITTED:
        return paper
    return _score(actor, paper, seat=paper.seat, now=timezone.now())


@transaction.atomic
def paper_expire(*, actor, paper: Paper) -> Paper:
    """Hand in a paper whose deadline passed, with the answers saved before it (on the next
    look at it and from the sweep). A paper still in time, or handed in, is left alone."""
    paper = _locked(paper)
    now = timezone.now()
    if paper.status != Paper.Status.OPEN or now <= paper.deadline:
        return paper
    return _score(actor, paper, seat=paper.seat, now=now)


def _locked(paper: Paper) -> Paper:
    return (
        Paper.objects.select_for_update(of=("self",))
        .select_related("seat__exam", "seat__assignment")
        .get(pk=paper.pk)
    )


def _score(actor, paper: Paper, *, seat: Seat, now) -> Paper:
    """Score every question in one pass and one bulk update; the result to the assignment."""
    exam = seat.exam
    # The right answer only, not the versions' texts and options: nothing else is needed.
    questions = paper.questions.annotate(right=F("version__answer")).order_by("position")
    if connection.vendor == "postgresql":  # written by _earned_save's SQL: records will do
        fields = ("pk", "kind", "points", "given", "right")
        questions = [SimpleNamespace(**row) for row in questions.values(*fields)]
    questions = list(questions)
    for question in questions:
        question.earned = earned(
            question, question.right, all_or_nothing=exam.multiple_all_or_nothing
        )
    _earned_save(questions, actor, now)
    transition(paper, Paper.Status.SUBMITTED)
    paper.submitted_at = now
    paper.score = sum((q.earned for q in questions), Decimal(0))
    paper.passed = paper.score >= exam.pass_mark
    paper._history_user = actor
    paper.save()
    if seat.assignment_id:
        full = exam.full_marks()
        exam_result_record(
            actor=actor,
            assignment=seat.assignment,
            score=int(round(paper.score * 100 / full)) if full else 0,
            passed=paper.passed,
            hours=exam.hours,
            title=exam.title,
            on=timezone.localdate(now),
        )
    return paper


def _earned_save(questions: list, actor, now) -> None:
    """Every question's points in one statement, then their history rows in one more.

    On PostgreSQL the UPDATE joins arrays of keys and points, and the history rows are
    copied from the updated rows by the database: Django's bulk_update builds a CASE
    expression per row and simple-history a model instance per row, which together cost
    several times the rest of handing in a 140-question paper. The rows written are those
    simple-history writes ("~", the actor, the time). Elsewhere (SQLite in development)
    simple-history's helper does it.
    """
    if connection.vendor != "postgresql" or not questions:
        bulk_update_with_history(
            questions, PaperQuestion, ["earned"], batch_size=BATCH, default_user=actor
        )
        return
    quote = connection.ops.quote_name
    table = quote(PaperQuestion._meta.db_table)
    history = quote(PaperQuestion.history.model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in PaperQuestion._meta.concrete_fields)
    # Only names from the models' metadata are formatted in; the values are parameters, two
    # arrays (a VALUES list of 140 rows cost more to bind and parse than to update).
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS q SET earned = v.earned "  # nosec B608
            "FROM unnest(%s::bigint[], %s::numeric[]) AS v(id, earned) WHERE q.id = v.id",
            [[q.pk for q in questions], [q.earned for q in questions]],
        )
        cursor.execute(
            f"INSERT INTO {history} ({columns}, history_date, history_change_reason, "  # nosec B608
            f"history_type, history_user_id) SELECT {columns}, %s, NULL, '~', %s "
            f"FROM {table} WHERE id = ANY(%s)",
            [now, actor.pk if actor else None, [q.pk for q in questions]],
        )
