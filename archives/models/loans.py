"""Loans (外借, A4) and the statuses the register, the ceiling and departures read."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from approvals.models import ApprovalChain
from personnel.models import Employee

from .catalogue import ArchiveItem


class Loan(models.Model):
    """外借 (A4): applied, approved, handed out, returned; the register is these rows."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("In approval")
        APPROVED = "approved", _("Approved, not handed out")
        OUT = "out", _("On loan")
        OVERDUE = "overdue", _("Overdue")
        RETURNED = "returned", _("Returned")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS = {
        Status.REQUESTED: {Status.APPROVED, Status.REJECTED, Status.CANCELLED},
        Status.APPROVED: {Status.OUT, Status.CANCELLED},
        Status.OUT: {Status.OVERDUE, Status.RETURNED},
        Status.OVERDUE: {Status.RETURNED},
    }
    # The approval chain's kind; chains in the database hold this string.
    CHAIN_KIND = "archive_loan"

    item = models.ForeignKey(
        ArchiveItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="loans"
    )
    borrower = models.ForeignKey(
        Employee, verbose_name=_("borrower"), on_delete=models.PROTECT, related_name="archive_loans"
    )
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    reason = models.TextField(_("reason"))
    due_date = models.DateField(_("due date"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED
    )
    chain = models.OneToOneField(
        ApprovalChain,
        verbose_name=_("approval chain"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handed_out_at = models.DateTimeField(_("handed out at"), null=True, blank=True)
    handed_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handed out by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    borrower_signed_out = models.BooleanField(_("borrower signed for it"), default=False)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    borrower_signed_return = models.BooleanField(_("borrower signed the return"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        ordering = ["-requested_at", "-id"]
        permissions = [("export_register", _("Can export the loan register"))]
        indexes = [
            models.Index(fields=["status", "due_date"], name="archive_loan_status_due"),
            models.Index(fields=["handed_out_at"], name="archive_loan_handed_out"),
            models.Index(fields=["borrower", "status"], name="archive_loan_borrower"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(copies__gte=1), name="archive_loan_has_a_copy"),
        ]

    def __str__(self):
        return _("Loan No. %(pk)s") % {"pk": self.pk}


OPEN_LOAN_STATUSES = (Loan.Status.OUT, Loan.Status.OVERDUE)
# Not handed out yet: what a leaver's departure cancels (a loan out must come back instead).
PENDING_LOAN_STATUSES = (Loan.Status.REQUESTED, Loan.Status.APPROVED)
# From approval to return the borrower may see the item (A5 "with permission").
GRANTING_LOAN_STATUSES = (Loan.Status.APPROVED, Loan.Status.OUT, Loan.Status.OVERDUE)
