"""The question bank (T1–T6): questions written, edited and retired by HR.

A question's wording lives in immutable versions: an edit of its text, options, answer or
explanation adds a version and moves `Question.current`, so a paper drawn before keeps the
wording it showed. The type never changes (a paper counts its questions by type).
"""

import re

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max, Q, QuerySet
from django.utils.translation import gettext as _

from audit.history import save_recorded
from core.access import require_perm

from ..models import Question, QuestionType, QuestionVersion

LETTERS = "ABCDEFGH"
MAX_OPTIONS = len(LETTERS)
MIN_OPTIONS = 2
TRUE, FALSE = "T", "F"
NUMBER_PREFIX = "Q"
_NUMBER_LOCK = 19_0001  # serialises the numbering of new questions (PostgreSQL)
_TRUE_WORDS = {"T", "TRUE", "对", "正确", "是", "√", "Y"}
_FALSE_WORDS = {"F", "FALSE", "错", "错误", "否", "×", "N"}
_SEPARATORS = re.compile(r"[\s,，、;；/]+")


# --- Checking what a question holds -----------------------------------------------------------


def answer_normalise(kind: str, answer) -> str:
    """The answer as stored: letters in order without repeats ("ACD"), or T / F."""
    text = _SEPARATORS.sub("", str(answer or "")).upper()
    if kind == QuestionType.TRUE_FALSE:
        if text in _TRUE_WORDS:
            return TRUE
        if text in _FALSE_WORDS:
            return FALSE
        return text
    return "".join(sorted(set(text)))


def options_normalise(options) -> list[str]:
    """The options' texts, trimmed, without the empty ones at the end."""
    texts = [str(option or "").strip() for option in options or ()]
    while texts and not texts[-1]:
        texts.pop()
    return texts


def content_errors(kind: str, text: str, options: list[str], answer: str) -> dict:
    """What is wrong with a question's content, per field ({} when it is right)."""
    errors = {}
    if not (text or "").strip():
        errors["text"] = _("Write the question.")
    if kind == QuestionType.TRUE_FALSE:
        if options:
            errors["options"] = _("A true-or-false question has no options.")
        if answer not in (TRUE, FALSE):
            errors["answer"] = _("The answer of a true-or-false question is 对 or 错.")
        return errors
    if kind not in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        return {**errors, "kind": _("Choose the question type.")}
    if "" in options:
        errors["options"] = _("Options are filled in from A on, without a gap.")
    elif not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        errors["options"] = _("A choice question has 2 to 8 options.")
    letters = LETTERS[: len(options)]
    if not answer or any(letter not in letters for letter in answer):
        errors["answer"] = _("The answer names letters of the options given (%(letters)s).") % {
            "letters": letters or "—"
        }
    elif kind == QuestionType.SINGLE and len(answer) != 1:
        errors["answer"] = _("A single-choice question has exactly one right option.")
    elif kind == QuestionType.MULTIPLE and len(answer) < 2:
        errors["answer"] = _("A multiple-choice question has two or more right options.")
    return errors


def _checked(kind, text, options, answer) -> tuple[str, list[str], str]:
    options = options_normalise(options)
    answer = answer_normalise(kind, answer)
    errors = content_errors(kind, text, options, answer)
    if errors:
        raise ValidationError(errors)
    return (text or "").strip(), options, answer


# --- Writing --------------------------------------------------------------------------------


def _next_number() -> str:
    """Q00001, Q00002 …: one past the highest number of that form."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_NUMBER_LOCK])
    numbers = Question.objects.filter(number__regex=rf"^{NUMBER_PREFIX}[0-9]{{1,9}}$")
    highest = 0
    for number in numbers.values_list("number", flat=True):
        highest = max(highest, int(number[len(NUMBER_PREFIX) :]))
    return f"{NUMBER_PREFIX}{highest + 1:05d}"


def _version_add(actor, question, *, number, text, options, answer, explanation):
    version = QuestionVersion(
        question=question,
        version=number,
        text=text,
        options=options,
        answer=answer,
        explanation=(explanation or "").strip(),
        created_by=actor,
    )
    save_recorded(version, actor)
    question.current = version
    return version


@transaction.atomic
def question_create(
    *,
    actor,
    kind: str,
    topic: str,
    difficulty: int,
    text: str,
    options=(),
    answer: str,
    explanation: str = "",
    number: str = "",
) -> Question:
    """A new question with its first version; its number given or the next free one."""
    require_perm(actor, "exams.add_question")
    text, options, answer = _checked(kind, text, options, answer)
    number = (number or "").strip() or _next_number()
    if Question.objects.filter(number=number).exists():
        raise ValidationError({"number": _("A question with this number exists.")})
    question = Question(
        number=number, kind=kind, topic=(topic or "").strip(), difficulty=difficulty
    )
    save_recorded(question, actor)
    _version_add(
        actor,
        question,
        number=1,
        text=text,
        options=options,
        answer=answer,
        explanation=explanation,
    )
    save_recorded(question, actor)
    return question


def content_changed(question: Question, *, text, options, answer, explanation) -> bool:
    """Whether this wording differs from the question's current version."""
    current = question.current
    text, options = (text or "").strip(), options_normalise(options)
    answer = answer_normalise(question.kind, answer)
    return current is None or (text, options, answer, (explanation or "").strip()) != (
        current.text,
        current.options,
        current.answer,
        current.explanation,
    )


@transaction.atomic
def question_edit(
    *,
    actor,
    question: Question,
    topic: str,
    difficulty: int,
    text: str,
    options=(),
    answer: str,
    explanation: str = "",
) -> Question:
    """Topic and difficulty change in place; a changed wording becomes a new version (the
    versions before stay as they are, for the papers that showed them)."""
    require_perm(actor, "exams.change_question")
    question = (
        Question.objects.select_for_update(of=("self",))
        .select_related("current")
        .get(pk=question.pk)
    )
    text, options, answer = _checked(question.kind, text, options, answer)
    question.topic, question.difficulty = (topic or "").strip(), difficulty
    if content_changed(
        question, text=text, options=options, answer=answer, explanation=explanation
    ):
        last = question.versions.aggregate(last=Max("version"))["last"] or 0
        _version_add(
            actor,
            question,
            number=last + 1,
            text=text,
            options=options,
            answer=answer,
            explanation=explanation,
        )
    save_recorded(question, actor)
    return question


@transaction.atomic
def question_set_active(*, actor, question: Question, active: bool) -> Question:
    """Retire a question from new papers (or bring it back); papers drawn keep it."""
    require_perm(actor, "exams.change_question")
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.active != active:
        question.active = active
        save_recorded(question, actor)
    return question


# --- Reading --------------------------------------------------------------------------------


def visible_questions(user) -> QuerySet:
    """The bank is HR's and the reviewers' (view_question); for anyone else it is empty."""
    if not user.is_active or not user.has_perm("exams.view_question"):
        return Question.objects.none()
    return Question.objects.select_related("current")


def questions_filtered(qs: QuerySet, *, q="", kind="", topic="", difficulty=None, active=None):
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(current__text__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if topic:
        qs = qs.filter(topic=topic)
    if difficulty:
        qs = qs.filter(difficulty=difficulty)
    if active is not None:
        qs = qs.filter(active=active)
    return qs


def bank_topics() -> list[str]:
    """The topics of the questions in use, in order."""
    return list(
        Question.objects.filter(active=True)
        .order_by("topic")
        .values_list("topic", flat=True)
        .distinct()
    )
