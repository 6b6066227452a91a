from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.uploads import UploadValidator
from personnel.models import Department, Employee, Tier


class TrainingKind(models.TextChoices):
    MONTHLY = "monthly", _("Monthly confidentiality education")
    PRE_POST = "pre_post", _("Pre-post confidentiality training")
    TRAVEL = "travel", _("Education before travel abroad")
    EXIT = "exit", _("Education before leaving")
    AWARENESS = "awareness", _("Awareness activity")


class TrainingPlan(models.Model):
    """HR's annual and monthly plans (T1): topics, audience, responsible trainer."""

    class Period(models.TextChoices):
        ANNUAL = "annual", _("Annual")
        MONTHLY = "monthly", _("Monthly")

    class Audience(models.TextChoices):
        ALL_CLASSIFIED = "all_classified", _("All classified personnel")
        DEPARTMENT = "department", _("A department")
        TIER = "tier", _("A tier")
        NEW_SECRET_POST = "new_secret_post", _("New starters in secret posts")

    period = models.CharField(_("period"), max_length=16, choices=Period.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    topics = models.TextField(_("topics"))
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices, blank=True)
    trainer = models.CharField(_("responsible trainer"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        ordering = ["-year", "-month", "id"]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.period == self.Period.MONTHLY and not self.month:
            errors["month"] = _("A monthly plan needs its month.")
        if self.period == self.Period.ANNUAL and self.month:
            errors["month"] = _("An annual plan has no month.")
        if self.month and not 1 <= self.month <= 12:
            errors["month"] = _("A month is between 1 and 12.")
        if self.audience == self.Audience.DEPARTMENT and not self.department_id:
            errors["department"] = _("Choose the department.")
        if self.audience == self.Audience.TIER and not self.tier:
            errors["tier"] = _("Choose the tier.")
        if errors:
            raise ValidationError(errors)


class TrainingSession(models.Model):
    """One session held (T4): topic, date, trainer, materials."""

    kind = models.CharField(_("kind"), max_length=16, choices=TrainingKind.choices)
    plan = models.ForeignKey(
        TrainingPlan,
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    topic = models.CharField(_("topic"), max_length=200)
    held_on = models.DateField(_("date"))
    trainer = models.CharField(_("trainer"), max_length=100)
    hours = models.DecimalField(_("study hours"), max_digits=4, decimal_places=1, default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.topic}"


class SessionMaterial(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="materials")
    file = models.FileField(
        _("file"), upload_to="training/%Y/%m/", validators=[UploadValidator("document")]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self):
        return self.file.name.rsplit("/", 1)[-1]


class Assignment(models.Model):
    """One person's training for one month (T2) or their pre-post training (T3)."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        ATTENDED = "attended", _("Attended")
        PASSED = "passed", _("Passed")
        FAILED = "failed", pgettext_lazy("training result", "Failed")
        OVERDUE = "overdue", _("Overdue")

    DONE = (Status.ATTENDED, Status.PASSED, Status.FAILED)
    TRANSITIONS = {
        Status.ASSIGNED: {Status.ATTENDED, Status.OVERDUE},
        # A month missed stays in the dossier, but a later session of that month still counts.
        Status.OVERDUE: {Status.ATTENDED},
        Status.ATTENDED: {Status.PASSED, Status.FAILED},
        # A score recorded again (a correction) may change the result.
        Status.PASSED: {Status.PASSED, Status.FAILED},
        Status.FAILED: {Status.PASSED, Status.FAILED},
    }

    employee = models.ForeignKey(
        Employee,
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        related_name="training_assignments",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=TrainingKind.choices)
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.ASSIGNED,
        db_index=True,
    )
    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    # The study hours this training earned its person: the session's on attendance, the
    # exam's when passed.
    hours = models.DecimalField(_("study hours"), max_digits=4, decimal_places=1, default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training assignment")
        verbose_name_plural = _("training assignments")
        permissions = [("export_compliance", _("Can export the training compliance report"))]
        ordering = ["-month", "employee__employee_no"]
        constraints = [
            # What makes sweeps.assign_monthly idempotent: one per person, kind and month.
            models.UniqueConstraint(
                fields=["employee", "kind", "month"], name="assignment_once_per_month"
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__lte=100),
                name="assignment_score_0_100",
            ),
        ]
        indexes = [models.Index(fields=["month", "kind", "status"])]

    def __str__(self):
        return f"{self.employee.name} {self.month:%Y-%m} {self.get_kind_display()}"


class MonthlyRun(models.Model):
    """A lock row per month: concurrent monthly assignments run one after the other."""

    month = models.DateField(unique=True)
    runs = models.PositiveIntegerField(default=0)
    last_run_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monthly assignment run")

    def __str__(self):
        return f"{self.month:%Y-%m}"
