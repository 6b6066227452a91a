"""One approval mechanism for every workflow: a chain of steps on any subject."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from personnel.models import Department
from personnel.roles import Role


class ApprovalChain(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("In approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS = {
        Status.PENDING: {Status.APPROVED, Status.REJECTED, Status.CANCELLED},
    }

    kind = models.CharField(_("kind"), max_length=40)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    title = models.CharField(_("title"), max_length=200)
    # Whose request it is; empty for a paper request of a person without a login.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The person the request is about (HR may file it for them); they never decide it either.
    concerns = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("concerns"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("approval chain")
        verbose_name_plural = _("approval chains")
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self):
        return self.title

    def current_step(self):
        return self.steps.filter(status=ApprovalStep.Status.PENDING).first()


class ApprovalStep(models.Model):
    """Decided by a role (optionally scoped to a department) or by a named person; it may need
    several distinct deciders (two-person authorization)."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Not yet reached")
        PENDING = "pending", _("Waiting for decision")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS = {
        Status.WAITING: {Status.PENDING, Status.CANCELLED},
        Status.PENDING: {Status.APPROVED, Status.REJECTED, Status.CANCELLED},
    }

    chain = models.ForeignKey(ApprovalChain, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("step"), max_length=100)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    # A second role whose members may decide too (C4: the committee or the security office);
    # only for steps without a department.
    also_role = models.CharField(_("or role"), max_length=32, choices=Role.choices, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    required_deciders = models.PositiveSmallIntegerField(_("deciders needed"), default=1)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.WAITING, db_index=True
    )
    reached_at = models.DateTimeField(_("reached at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering = ["chain", "order"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "order"], name="approval_step_order"),
        ]

    def __str__(self):
        return f"{self.chain} · {self.name}"

    def clean(self):
        if bool(self.role) == bool(self.person_id):
            raise ValidationError(_("A step is decided by a role or by a person, not both."))


class Decision(models.Model):
    class Outcome(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REJECT = "reject", _("Reject")

    step = models.ForeignKey(ApprovalStep, on_delete=models.CASCADE, related_name="decisions")
    decider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decider"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(_("decision"), max_length=16, choices=Outcome.choices)
    comment = models.TextField(_("comment"), blank=True)
    decided_at = models.DateTimeField(_("time"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["decided_at", "id"]
        constraints = [
            # The same person never counts twice on one step.
            models.UniqueConstraint(fields=["step", "decider"], name="decision_once_per_step"),
        ]

    def __str__(self):
        return f"{self.decider} {self.get_outcome_display()}"
