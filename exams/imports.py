"""Questions from Excel, through personnel's import mechanism: each row goes through the
bank's services, matched on 题号 — a new number (or none) creates a question, an existing
one whose content changed gets a new version, so papers drawn before keep their wording.
"""

from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from personnel.imports.sheet import (
    CHOICE,
    Column,
    ImportSpec,
    RowAction,
    RowRefused,
    register,
    rows_through_services,
)

from .models import Difficulty, Question, QuestionType
from .services import bank

KIND_CHOICES = (
    (QuestionType.SINGLE.value, pgettext_lazy("question type", "Single")),
    (QuestionType.MULTIPLE.value, pgettext_lazy("question type", "Multiple")),
    (QuestionType.TRUE_FALSE.value, pgettext_lazy("question type", "True/false")),
)


def _option_header(letter: str) -> str:
    return _("Option %(letter)s") % {"letter": letter}


option_header = lazy(_option_header, str)
OPTION_KEYS = tuple(f"option_{letter.lower()}" for letter in bank.LETTERS)
# The services' field names, as the sheet's columns.
FIELDS = {"options": OPTION_KEYS[0], "kind": "kind", "number": "number"}


def _content(values: dict) -> dict:
    return {
        "text": values["text"],
        "options": [values.get(key) or "" for key in OPTION_KEYS],
        "answer": values["answer"],
        "explanation": values.get("explanation") or "",
    }


def _apply_row(*, actor, values, context) -> str:
    number = values.get("number") or ""
    kind, topic = values["kind"], values["topic"]
    difficulty = values.get("difficulty") or Difficulty.MEDIUM
    content = _content(values)
    question = (
        Question.objects.select_related("current").filter(number=number).first() if number else None
    )
    if question is None:
        bank.question_create(
            actor=actor, kind=kind, topic=topic, difficulty=difficulty, number=number, **content
        )
        return RowAction.CREATED
    if question.kind != kind:
        raise RowRefused(
            "kind",
            _("Question %(number)s is a %(type)s question; its type cannot change.")
            % {"number": number, "type": question.get_kind_display()},
        )
    changed = bank.content_changed(question, **content)
    if not changed and (question.topic, question.difficulty) == (topic, difficulty):
        return RowAction.UNCHANGED
    bank.question_edit(
        actor=actor, question=question, topic=topic, difficulty=difficulty, **content
    )
    return RowAction.UPDATED


def _example() -> dict:
    return {
        "number": "",
        "kind": QuestionType.SINGLE.value,
        "topic": "保密法规",
        "difficulty": Difficulty.EASY.value,
        "text": "涉密人员离岗离职后，应当遵守什么规定？",
        "option_a": "可以随意公开原工作内容",
        "option_b": "在脱密期内遵守脱密期管理规定",
        "option_c": "只需口头承诺保密",
        "answer": "B",
        "explanation": "《保守国家秘密法》规定涉密人员离岗离职实行脱密期管理。",
    }


QUESTIONS = register(
    ImportSpec(
        slug="questions",
        title=gettext_lazy("Questions"),
        columns=(
            Column(
                "number",
                gettext_lazy("question number"),
                max_length=20,
                unique=True,
                as_text=True,
                width=12,
                note=gettext_lazy(
                    "Empty: a new question with the next number. An existing number: the "
                    "question is updated, a changed wording becomes its new version."
                ),
            ),
            Column(
                "kind",
                gettext_lazy("question type"),
                required=True,
                kind=CHOICE,
                choices=KIND_CHOICES,
                width=10,
            ),
            Column(
                "topic",
                gettext_lazy("knowledge point"),
                required=True,
                max_length=100,
                aliases=(gettext_lazy("topic"),),
                options=bank.bank_topics,
                width=16,
            ),
            Column(
                "difficulty",
                gettext_lazy("difficulty"),
                kind=CHOICE,
                choices=tuple(Difficulty.choices),
                width=8,
                note=gettext_lazy("Empty: medium."),
            ),
            Column("text", gettext_lazy("question"), required=True, width=50),
            *(
                Column(key, option_header(letter), width=24)
                for key, letter in zip(OPTION_KEYS, bank.LETTERS, strict=True)
            ),
            Column(
                "answer",
                gettext_lazy("answer"),
                required=True,
                max_length=16,
                width=10,
                note=gettext_lazy(
                    "Single choice: one letter, e.g. B; multiple choice: the letters, e.g. ACD; "
                    "true or false: 对 or 错."
                ),
            ),
            Column("explanation", gettext_lazy("explanation"), width=40),
        ),
        permissions=("exams.add_question", "exams.change_question"),
        run=rows_through_services(_apply_row, fields=FIELDS),
        url_name="exams:question_import",
        list_url=reverse_lazy("exams:question_list"),
        example=_example,
        notes=(
            gettext_lazy(
                "Options are filled in from A on; a true-or-false question leaves them empty."
            ),
        ),
    )
)
