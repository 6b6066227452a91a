"""Reads for the person sitting exams: their seats with what they may do next, and a paper
with its questions (two queries whatever its length)."""

import string
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import Exam, Paper, QuestionType, Seat
from .services.papers import FALSE, TRUE, TYPE_ORDER, attempts_allowed


def my_seats(user, q: str = "") -> QuerySet:
    """The user's own seats in published exams (titles containing `q`), newest first, each
    with its papers."""
    seats = Seat.objects.filter(employee__user=user, exam__status=Exam.Status.PUBLISHED)
    if q:
        seats = seats.filter(exam__title__icontains=q)
    return (
        seats.select_related("exam")
        .prefetch_related(Prefetch("papers", queryset=Paper.objects.order_by("attempt")))
        .order_by("-exam__opens_at", "-exam_id")
    )


def seats_to_sit(user, now=None) -> QuerySet:
    """The user's seats to act on now: the exam open, nothing passed, and a paper under way or
    an attempt left (the home page's count; the same rows "my exams" offers to start)."""
    now = now or timezone.now()
    papers = Paper.objects.filter(seat=OuterRef("pk"))
    return (
        Seat.objects.filter(
            employee__user=user,
            exam__status=Exam.Status.PUBLISHED,
            exam__opens_at__lte=now,
            exam__closes_at__gt=now,
        )
        .exclude(Exists(papers.filter(passed=True)))
        .annotate(used=Count("papers"))
        .filter(
            Q(used__lt=F("exam__retakes") + 1) | Exists(papers.filter(status=Paper.Status.OPEN))
        )
    )


@dataclass
class SeatState:
    """One row of "my exams": the exam, its window, the attempts, the best result and what
    the sitter may do now."""

    seat: Seat
    papers: list
    now: object
    exam: Exam = field(init=False)

    def __post_init__(self):
        self.exam = self.seat.exam

    @property
    def upcoming(self) -> bool:
        return self.now < self.exam.opens_at

    @property
    def open_now(self) -> bool:
        return self.exam.opens_at <= self.now < self.exam.closes_at

    @property
    def closed(self) -> bool:
        return self.now >= self.exam.closes_at

    @property
    def attempts(self) -> int:
        return len(self.papers)

    @property
    def allowed(self) -> int:
        return attempts_allowed(self.exam)

    @property
    def open_paper(self) -> Paper | None:
        return next((p for p in self.papers if p.status == Paper.Status.OPEN), None)

    @property
    def best(self) -> Paper | None:
        scored = [p for p in self.papers if p.score is not None]
        return max(scored, key=lambda p: p.score) if scored else None

    @property
    def passed(self) -> bool:
        return any(p.passed for p in self.papers)

    @property
    def last(self) -> Paper | None:
        return self.papers[-1] if self.papers else None

    @property
    def time_up(self) -> bool:
        """An open paper past its deadline: its page hands it in and shows the result."""
        paper = self.open_paper
        return paper is not None and self.now > paper.deadline

    @property
    def can_start(self) -> bool:
        """A first attempt, or a retake after a failed one, may start now."""
        return (
            self.open_now
            and self.open_paper is None
            and not self.passed
            and self.attempts < self.allowed
        )

    @property
    def is_retake(self) -> bool:
        return self.attempts > 0


def seat_states(seats, now=None) -> list[SeatState]:
    now = now or timezone.now()
    return [SeatState(seat, list(seat.papers.all()), now) for seat in seats]


def seat_state(seat: Seat, now=None) -> SeatState:
    return SeatState(seat, list(seat.papers.order_by("attempt")), now or timezone.now())


# --- A paper -----------------------------------------------------------------------------------


def own_paper_or_404(user, pk: int) -> Paper:
    """The user's own paper with its seat and exam (one query); anyone else's is a 404."""
    try:
        return Paper.objects.select_related("seat__exam", "seat__employee").get(
            pk=pk, seat__employee__user=user
        )
    except Paper.DoesNotExist:
        raise Http404 from None


@dataclass
class Shown:
    """A question as the page shows it: its choices with the one(s) given ticked. `question`
    holds what of the PaperQuestion and its version the page reads."""

    question: SimpleNamespace
    choices: list  # (letter, label, ticked, right)
    input_type: str

    @property
    def wrong(self) -> bool:
        return self.question.earned is not None and self.question.earned < self.question.points

    @property
    def answer_text(self) -> str:
        return _letters(self.question.version.answer, self.question.kind)

    @property
    def given_text(self) -> str:
        return _letters(self.question.given, self.question.kind) or _("no answer")


def _letters(value: str, kind: str) -> str:
    if kind == QuestionType.TRUE_FALSE:
        return {TRUE: pgettext("exam answer", "True"), FALSE: pgettext("exam answer", "False")}.get(
            value, ""
        )
    return value


def paper_questions(paper: Paper) -> list[tuple[str, list[Shown]]]:
    """The paper's questions grouped by type, in their order, with their versions (one
    query whatever the paper's length)."""
    # Plain records of what the page shows, not 280 model objects (a question and its
    # version each), which cost the paper page more than the rest of its work.
    fields = ("position", "kind", "points", "given", "earned")
    shown = ("text", "options", "answer", "explanation")
    rows = paper.questions.order_by("position").values(*fields, *(f"version__{f}" for f in shown))
    questions = [
        SimpleNamespace(
            **{name: row[name] for name in fields},
            version=SimpleNamespace(**{name: row[f"version__{name}"] for name in shown}),
        )
        for row in rows
    ]
    labels = dict(QuestionType.choices)
    true_false = [
        (TRUE, pgettext("exam answer", "True")),
        (FALSE, pgettext("exam answer", "False")),
    ]
    groups: dict[str, list[Shown]] = {kind: [] for kind in TYPE_ORDER}
    for question in questions:
        version = question.version
        if question.kind == QuestionType.TRUE_FALSE:
            options = true_false
        else:
            options = [
                (letter, f"{letter}. {text}")
                for letter, text in zip(string.ascii_uppercase, version.options, strict=False)
            ]
        choices = [
            (letter, text, letter in question.given, letter in version.answer)
            for letter, text in options
        ]
        kind = "checkbox" if question.kind == QuestionType.MULTIPLE else "radio"
        groups[question.kind].append(Shown(question, choices, kind))
    return [(labels[kind], rows) for kind, rows in groups.items() if rows]


def explanations_shown(paper: Paper, now=None) -> bool:
    """Right answers and explanations only once the exam's window has closed: until then a
    sitter could pass them to colleagues still sitting it."""
    return (now or timezone.now()) >= paper.seat.exam.closes_at
