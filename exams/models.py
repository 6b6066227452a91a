"""The question bank and exams drawn from it (T1–T6).

A question's wording, options and answer live in immutable versions: editing a question adds
a version and moves `Question.current`, so a paper already drawn keeps the version it showed.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from personnel.models import Employee
from training.models import Assignment, TrainingKind


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")


class Difficulty(models.IntegerChoices):
    EASY = 1, _("Easy")
    MEDIUM = 2, _("Medium")
    HARD = 3, _("Hard")


class Question(models.Model):
    number = models.CharField(_("question number"), max_length=20, unique=True)
    kind = models.CharField(_("question type"), max_length=16, choices=QuestionType.choices)
    topic = models.CharField(_("topic"), max_length=100, db_index=True)
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    active = models.BooleanField(_("in use"), default=True)
    current = models.OneToOneField(
        "QuestionVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["number"]
        indexes = [models.Index(fields=["kind", "topic", "active"])]

    def __str__(self):
        return self.number


class QuestionVersion(models.Model):
    """One wording of a question, never changed once a paper may have shown it.

    `options` holds the choices' texts in order (lettered A, B, C …; empty for true or
    false); `answer` the letters of the right choices in order ("B", "ACD"), or "T" / "F".
    """

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("question"))
    options = models.JSONField(_("options"), default=list, blank=True)
    answer = models.CharField(_("answer"), max_length=16)
    explanation = models.TextField(_("explanation"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("question version")
        verbose_name_plural = _("question versions")
        constraints = [
            models.UniqueConstraint(fields=["question", "version"], name="question_version_once")
        ]

    def __str__(self):
        return f"{self.question.number} v{self.version}"


def _points(verbose):
    return models.DecimalField(
        verbose,
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
    )


class Exam(models.Model):
    """HR's definition of an exam: what a paper holds, how it is scored, who sits it, when.

    Who sits it: the people with a training assignment of its kind (and month, for monthly
    education) when it is published, or a sample drawn by the security office.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    TRANSITIONS = {Status.DRAFT: {Status.PUBLISHED}}

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=TrainingKind.choices)
    month = models.DateField(
        _("month"), null=True, blank=True, help_text=_("For monthly education: its month.")
    )
    topics = models.JSONField(
        _("topics"), default=list, blank=True, help_text=_("Empty: every topic.")
    )
    single_count = models.PositiveSmallIntegerField(_("single-choice questions"), default=0)
    multiple_count = models.PositiveSmallIntegerField(_("multiple-choice questions"), default=0)
    true_false_count = models.PositiveSmallIntegerField(_("true-or-false questions"), default=0)
    single_points = _points(_("points per single-choice question"))
    multiple_points = _points(_("points per multiple-choice question"))
    true_false_points = _points(_("points per true-or-false question"))
    multiple_all_or_nothing = models.BooleanField(
        _("multiple choice scored all or nothing"),
        default=True,
        help_text=_("Otherwise a partly right answer without a wrong choice earns half."),
    )
    pass_mark = models.DecimalField(_("pass mark"), max_digits=5, decimal_places=2, default=60)
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), validators=[MinValueValidator(1)]
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    retakes = models.PositiveSmallIntegerField(
        _("retakes allowed"), default=1, help_text=_("Attempts after a failed first one.")
    )
    hours = models.DecimalField(_("study hours"), max_digits=4, decimal_places=1, default=1)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("exam")
        verbose_name_plural = _("exams")
        ordering = ["-opens_at", "-id"]
        permissions = [("draw_sample", _("Can draw a sample of classified staff for an exam"))]

    def __str__(self):
        return self.title

    def counts(self) -> dict[str, int]:
        return {
            QuestionType.SINGLE: self.single_count,
            QuestionType.MULTIPLE: self.multiple_count,
            QuestionType.TRUE_FALSE: self.true_false_count,
        }

    def points(self) -> dict[str, Decimal]:
        return {
            QuestionType.SINGLE: self.single_points,
            QuestionType.MULTIPLE: self.multiple_points,
            QuestionType.TRUE_FALSE: self.true_false_points,
        }

    def full_marks(self) -> Decimal:
        points = self.points()
        return sum((points[kind] * count for kind, count in self.counts().items()), Decimal(0))

    def clean(self):
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("An exam closes after it opens.")
        if not any(self.counts().values()):
            errors["single_count"] = _("A paper needs at least one question.")
        if self.kind == TrainingKind.MONTHLY and not self.month:
            errors["month"] = _("A monthly exam needs its month.")
        if self.pass_mark is not None and self.pass_mark > self.full_marks():
            errors["pass_mark"] = _("The pass mark is above the full marks.")
        if errors:
            raise ValidationError(errors)


class Seat(models.Model):
    """One person invited to sit an exam: through their training assignment, or sampled."""

    exam = models.ForeignKey(Exam, on_delete=models.PROTECT, related_name="seats")
    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="exam_seats"
    )
    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("training assignment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exam_seats",
    )
    sampled = models.BooleanField(_("sampled"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("exam seat")
        verbose_name_plural = _("exam seats")
        constraints = [models.UniqueConstraint(fields=["exam", "employee"], name="seat_once")]

    def __str__(self):
        return f"{self.exam} · {self.employee.name}"


class Paper(models.Model):
    """One attempt: the questions drawn for this person, their answers and the score.

    `deadline` is set by the server when the paper is drawn (the earlier of start plus the
    time limit and the exam's close); answers after it are refused.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        SUBMITTED = "submitted", _("Submitted")

    TRANSITIONS = {Status.OPEN: {Status.SUBMITTED}}

    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="papers")
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    started_at = models.DateTimeField(_("started"))
    deadline = models.DateTimeField(_("deadline"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("exam paper")
        verbose_name_plural = _("exam papers")
        ordering = ["seat", "attempt"]
        constraints = [
            models.UniqueConstraint(fields=["seat", "attempt"], name="paper_attempt_once")
        ]

    def __str__(self):
        return f"{self.seat} #{self.attempt}"


class PaperQuestion(models.Model):
    """A question on a paper, in its place, with the answer given and the points earned."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="+")
    # Denormalised from the question, for the per-type counts and points of a paper.
    kind = models.CharField(max_length=16, choices=QuestionType.choices)
    points = models.DecimalField(max_digits=5, decimal_places=2)
    given = models.CharField(max_length=16, blank=True)
    earned = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["paper", "position"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "position"], name="paper_position_once"),
            models.UniqueConstraint(fields=["paper", "version"], name="paper_question_once"),
        ]

    def __str__(self):
        return f"{self.paper} Q{self.position}"
