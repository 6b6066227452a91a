from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from approvals.models import ApprovalChain
from personnel.models import Department, Employee, Tier
from personnel.roles import Role


class Resignation(models.Model):
    """A written resignation (F1) with the department head's special-matters opinion form
    《员工特别事项处理意见表》 (F2), decided by the five-step chain (F3)."""

    class Status(models.TextChoices):
        IN_APPROVAL = "in_approval", _("In approval")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXIT = "exit", _("Exit procedure")
        COMPLETED = "completed", _("Departed")

    OPEN = (Status.IN_APPROVAL, Status.EXIT)
    TRANSITIONS = {
        Status.IN_APPROVAL: {Status.EXIT, Status.REJECTED, Status.WITHDRAWN},
        Status.EXIT: {Status.COMPLETED},
    }
    CHAIN_KIND = "resignation"  # the approval chain's kind, as stored in the database

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="resignations"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_on = models.DateField(_("submitted on"))
    last_day = models.DateField(_("intended last day"))
    reason = models.TextField(_("reason"))
    notice_override_reason = models.TextField(_("reason for the shorter notice"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.IN_APPROVAL,
        db_index=True,
    )
    chain = models.OneToOneField(
        ApprovalChain,
        verbose_name=_("approval chain"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    # The special-matters opinion form, filled and signed by the department head (F2).
    handover_arrangements = models.TextField(_("handover arrangements"), blank=True)
    classified_materials = models.TextField(_("classified materials held"), blank=True)
    passwords_held = models.TextField(_("passwords and credentials held"), blank=True)
    head_opinion = models.TextField(_("department opinion"), blank=True)
    head_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    head_signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resignation")
        verbose_name_plural = _("resignations")
        ordering = ["-submitted_on", "-id"]
        permissions = [("export_register", _("Can export the resignation register"))]
        constraints = [
            models.UniqueConstraint(
                fields=["employee"],
                condition=models.Q(status__in=["in_approval", "exit"]),
                name="one_open_resignation_per_employee",
            )
        ]

    def __str__(self):
        return _("Resignation of %(name)s") % {"name": self.employee.name}

    @property
    def notice_days(self) -> int:
        return (self.last_day - self.submitted_on).days


class DepartureChecklist(models.Model):
    """《员工离公司手续单》 (F5): opens on final approval, closes when every item is signed."""

    resignation = models.OneToOneField(
        Resignation, on_delete=models.PROTECT, related_name="checklist"
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Why access may be revoked and the checklist closed before the last working day; HR
    # records it (who and when are in the history).
    early_reason = models.TextField(_("reason for finishing before the last day"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("departure checklist")
        verbose_name_plural = _("departure checklists")

    def __str__(self):
        return str(self.resignation)


class ChecklistItem(models.Model):
    class Kind(models.TextChoices):
        HANDOVER = "handover", _("Work handed over")
        CLASSIFIED_RETURN = "classified_return", _("Classified documents and carriers returned")
        CREDENTIALS = "credentials", _("Credentials and passwords handed over")
        ACCESS_REVOKED = "access_revoked", _("System access revoked")
        EQUIPMENT = "equipment", _("Equipment returned")
        EXIT_EDUCATION = "exit_education", _("Exit confidentiality education")
        EXIT_COMMITMENT = "exit_commitment", _("Exit confidentiality commitment signed")
        BILATERAL = "bilateral", _("Bilateral confidentiality agreement signed")
        LEAVING_DOCUMENTS = "leaving_documents", _("Leaving documents issued")

    checklist = models.ForeignKey(
        DepartureChecklist, on_delete=models.CASCADE, related_name="items"
    )
    kind = models.CharField(_("item"), max_length=24, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(default=0)
    role = models.CharField(_("signed by role"), max_length=32, choices=Role.choices)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["checklist", "order"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "kind"], name="checklist_item_once")
        ]

    def __str__(self):
        return self.get_kind_display()

    @property
    def signed(self) -> bool:
        return self.signed_at is not None


class DecryptionPeriod(models.Model):
    """脱密期 (F9): counted from the approval of leaving, length by tier (settings)."""

    employee = models.ForeignKey(
        Employee,
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        related_name="decryption_periods",
    )
    resignation = models.OneToOneField(
        Resignation, on_delete=models.PROTECT, related_name="decryption_period"
    )
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), db_index=True)
    supervising_unit = models.CharField(_("supervising unit"), max_length=100)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decryption period")
        verbose_name_plural = _("decryption periods")
        ordering = ["ends_on"]

    def __str__(self):
        return f"{self.employee.name} {self.starts_on} → {self.ends_on}"
