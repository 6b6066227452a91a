"""The archive (A1–A8): catalogue items under a clearance ceiling, their intake and removal,
reading requests, loans and their register, missing-item reports."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from approvals.models import ApprovalChain
from clearance.models import Incident
from core.classification import Level
from core.uploads import UploadValidator
from personnel.models import Department, Employee

# 机密 and 绝密 are stored separately under a named custodian (A5).
CUSTODIAN_LEVELS = (Level.SECRET, Level.TOP_SECRET)


class ArchiveItem(models.Model):
    """A document or carrier in the catalogue (A1); it stays listed once destroyed (A8)."""

    class Status(models.TextChoices):
        IN_STORE = "in_store", _("In store")
        ON_LOAN = "on_loan", _("On loan")
        MISSING = "missing", _("Missing")
        DESTROYED = "destroyed", _("Destroyed")
        REMOVED = "removed", _("Removed")

    # Lent copy by copy: an item stays on loan while any copy is out. Found again, it goes
    # back to the store, or stays on loan while copies are out.
    TRANSITIONS = {
        Status.IN_STORE: {Status.ON_LOAN, Status.MISSING, Status.DESTROYED, Status.REMOVED},
        Status.ON_LOAN: {Status.IN_STORE, Status.MISSING},
        Status.MISSING: {Status.IN_STORE, Status.ON_LOAN},
    }

    catalogue_no = models.CharField(_("catalogue number"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    secrecy_years = models.PositiveSmallIntegerField(_("secrecy period (years)"), null=True,
                                                     blank=True)  # fmt: skip
    retention_years = models.PositiveSmallIntegerField(_("retention period (years)"))
    location = models.CharField(_("storage location"), max_length=100)
    copies = models.PositiveSmallIntegerField(_("copies held"), default=1)
    department = models.ForeignKey(Department, verbose_name=_("owner department"),
                                   on_delete=models.PROTECT, related_name="+")  # fmt: skip
    custodian = models.ForeignKey(Employee, verbose_name=_("custodian"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="custody")  # fmt: skip
    registered_on = models.DateField(_("registered on"))
    # Kept with the row so "past retention" is an indexed condition (A8).
    retention_until = models.DateField(_("retained until"), null=True, editable=False,
                                       db_index=True)  # fmt: skip
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.IN_STORE)  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("archive item")
        verbose_name_plural = _("archive items")
        ordering = ["catalogue_no"]
        permissions = [("oversee_classified",
                        _("Can see every 机密/绝密 item within one's own clearance"))]  # fmt: skip
        # The list filters by level (the ceiling) and orders by number; filters add the rest.
        indexes = [
            models.Index(fields=["level", "catalogue_no"], name="archive_item_level_no"),
            # A page of ids in number order, however deep, from the index alone (the ceiling
            # is read there too): the list then loads just that page's rows.
            models.Index(fields=["catalogue_no", "level", "id"], name="archive_item_page"),
            models.Index(fields=["department", "level"], name="archive_item_dept_level"),
            models.Index(fields=["status", "level"], name="archive_item_status_level"),
            models.Index(fields=["location"], name="archive_item_location"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(copies__gte=1), name="archive_item_has_a_copy"),
        ]

    def __str__(self):
        return f"{self.catalogue_no} {self.title}"

    def save(self, *args, **kwargs):
        self.retention_until = retention_end(self.registered_on, self.retention_years)
        super().save(*args, **kwargs)

    @property
    def needs_custodian(self) -> bool:
        return self.level in CUSTODIAN_LEVELS

    def clean(self):
        if self.needs_custodian and not self.custodian_id:
            raise ValidationError({"custodian": _("A 机密 or 绝密 item needs a named custodian.")})


def retention_end(registered_on: datetime.date, years: int) -> datetime.date:
    """The day the retention period ends (29 February → 28 February)."""
    try:
        return registered_on.replace(year=registered_on.year + years)
    except ValueError:
        return registered_on.replace(year=registered_on.year + years, day=28)


class ItemMovement(models.Model):
    """Intake into or removal from the archive, with who handed over to whom (A2)."""

    class Kind(models.TextChoices):
        INTAKE = "intake", _("Intake")
        REMOVAL = "removal", _("Removal")

    item = models.ForeignKey(ArchiveItem, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    occurred_on = models.DateField(_("date"))
    handed_over_by = models.CharField(_("handed over by"), max_length=100)
    received_by = models.CharField(_("received by"), max_length=100)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.PROTECT, related_name="+")  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("intake or removal")
        verbose_name_plural = _("intakes and removals")
        ordering = ["-occurred_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.item.catalogue_no}"


class ReadingRequest(models.Model):
    """查阅 (A3): approval grants time-limited access to this one item."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("In approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    # Access ends by its date, not by a status: an approved request stays approved.
    TRANSITIONS = {
        Status.REQUESTED: {Status.APPROVED, Status.REJECTED, Status.CANCELLED},
    }
    # The approval chain's kind; chains in the database hold this string.
    CHAIN_KIND = "archive_reading"

    item = models.ForeignKey(ArchiveItem, verbose_name=_("item"), on_delete=models.PROTECT,
                             related_name="reading_requests")  # fmt: skip
    # Empty for an outsider, whom the archivist registers with an introduction letter.
    requester = models.ForeignKey(Employee, verbose_name=_("requester"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")  # fmt: skip
    outsider_name = models.CharField(_("outsider's name"), max_length=100, blank=True)
    outsider_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    introduction_letter = models.FileField(_("introduction letter"), blank=True,
                                           upload_to="archives/letters/%Y/",
                                           validators=[UploadValidator("scan")])  # fmt: skip
    purpose = models.CharField(_("purpose"), max_length=200)
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("registered by"),
                                     on_delete=models.PROTECT, related_name="+")  # fmt: skip
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.REQUESTED, db_index=True)  # fmt: skip
    chain = models.OneToOneField(ApprovalChain, verbose_name=_("approval chain"), null=True,
                                 blank=True, on_delete=models.PROTECT,
                                 related_name="+")  # fmt: skip
    access_until = models.DateField(_("access until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reading request")
        verbose_name_plural = _("reading requests")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["requester", "status", "access_until"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(requester__isnull=False) | ~Q(outsider_name=""),
                name="reading_request_names_a_reader",
            ),
        ]

    def __str__(self):
        return _("Reading request No. %(pk)s") % {"pk": self.pk}

    @property
    def reader_name(self) -> str:
        if self.requester_id:
            return self.requester.name
        return f"{self.outsider_name}（{self.outsider_organisation}）"


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

    item = models.ForeignKey(ArchiveItem, verbose_name=_("item"), on_delete=models.PROTECT,
                             related_name="loans")  # fmt: skip
    borrower = models.ForeignKey(Employee, verbose_name=_("borrower"), on_delete=models.PROTECT,
                                 related_name="archive_loans")  # fmt: skip
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    reason = models.TextField(_("reason"))
    due_date = models.DateField(_("due date"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"),
                                     on_delete=models.PROTECT, related_name="+")  # fmt: skip
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.REQUESTED)  # fmt: skip
    chain = models.OneToOneField(ApprovalChain, verbose_name=_("approval chain"), null=True,
                                 blank=True, on_delete=models.PROTECT,
                                 related_name="+")  # fmt: skip
    handed_out_at = models.DateTimeField(_("handed out at"), null=True, blank=True)
    handed_out_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("handed out by"),
                                      null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")  # fmt: skip
    borrower_signed_out = models.BooleanField(_("borrower signed for it"), default=False)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("received by"),
                                    null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")  # fmt: skip
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


class MissingReport(models.Model):
    """A6: an item found missing; found again closes it, too long opens a leak incident."""

    item = models.ForeignKey(ArchiveItem, verbose_name=_("item"), on_delete=models.PROTECT,
                             related_name="missing_reports")  # fmt: skip
    missing_since = models.DateField(_("missing since"))
    note = models.TextField(_("circumstances"), blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"),
                                    on_delete=models.PROTECT, related_name="+")  # fmt: skip
    found_on = models.DateField(_("found on"), null=True, blank=True)
    incident = models.OneToOneField(Incident, verbose_name=_("leak incident"), null=True,
                                    blank=True, on_delete=models.PROTECT,
                                    related_name="+")  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("missing item report")
        verbose_name_plural = _("missing item reports")
        ordering = ["-missing_since", "-id"]
        constraints = [
            # One open report per item: reporting twice changes nothing.
            models.UniqueConstraint(fields=["item"], condition=Q(found_on__isnull=True),
                                    name="archive_one_open_missing_report"),  # fmt: skip
        ]

    def __str__(self):
        return f"{self.item.catalogue_no} · {self.missing_since}"


class Inspection(models.Model):
    """The half-yearly full inspection (A7): item by item, and the storage conditions."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")

    TRANSITIONS = {Status.PLANNED: {Status.DONE}}

    title = models.CharField(_("title"), max_length=100)
    planned_on = models.DateField(_("planned on"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.PLANNED)  # fmt: skip
    storage_conditions = models.TextField(_("storage conditions (damp, mould, fire, security)"),
                                          blank=True)  # fmt: skip
    finished_on = models.DateField(_("finished on"), null=True, blank=True)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("planned by"),
                                   on_delete=models.PROTECT, related_name="+")  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-planned_on", "-id"]

    def __str__(self):
        return self.title


class InspectionFinding(models.Model):
    class Result(models.TextChoices):
        PRESENT = "present", _("Present, in good order")
        DAMAGED = "damaged", _("Damaged")
        REPAIRED = "repaired", _("Damaged, repaired")
        MISSING = "missing", _("Missing")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    item = models.ForeignKey(ArchiveItem, verbose_name=_("item"), on_delete=models.PROTECT,
                             related_name="+")  # fmt: skip
    result = models.CharField(_("result"), max_length=16, choices=Result.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.PROTECT, related_name="+")  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection finding")
        verbose_name_plural = _("inspection findings")
        ordering = ["item__catalogue_no"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item"], name="one_finding_per_item"),
        ]

    def __str__(self):
        return f"{self.item.catalogue_no} · {self.get_result_display()}"


class Destruction(models.Model):
    """A8: an item past its retention, destroyed by the rules once approved, with the method,
    the date and two witnesses. The item stays in the catalogue as destroyed."""

    class Method(models.TextChoices):
        SHRED = "shred", _("Shredding")
        PULP = "pulp", _("Pulping")
        INCINERATE = "incinerate", _("Incineration")
        DEGAUSS = "degauss", _("Degaussing / physical destruction of a carrier")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("In approval")
        APPROVED = "approved", _("Approved, to be destroyed")
        REJECTED = "rejected", _("Rejected")
        DONE = "done", _("Destroyed")

    TRANSITIONS = {
        Status.PROPOSED: {Status.APPROVED, Status.REJECTED},
        Status.APPROVED: {Status.DONE},
    }
    # The approval chain's kind; chains in the database hold this string.
    CHAIN_KIND = "archive_destruction"

    item = models.ForeignKey(ArchiveItem, verbose_name=_("item"), on_delete=models.PROTECT,
                             related_name="destructions")  # fmt: skip
    reason = models.TextField(_("reason"))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("proposed by"),
                                    on_delete=models.PROTECT, related_name="+")  # fmt: skip
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.PROPOSED)  # fmt: skip
    chain = models.OneToOneField(ApprovalChain, verbose_name=_("approval chain"), null=True,
                                 blank=True, on_delete=models.PROTECT,
                                 related_name="+")  # fmt: skip
    method = models.CharField(_("method"), max_length=16, choices=Method.choices, blank=True)
    destroyed_on = models.DateField(_("destroyed on"), null=True, blank=True)
    witness_1 = models.ForeignKey(Employee, verbose_name=_("first witness"), null=True,
                                  blank=True, on_delete=models.PROTECT,
                                  related_name="+")  # fmt: skip
    witness_2 = models.ForeignKey(Employee, verbose_name=_("second witness"), null=True,
                                  blank=True, on_delete=models.PROTECT,
                                  related_name="+")  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("destruction")
        verbose_name_plural = _("destructions")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(witness_1__isnull=True) | ~Q(witness_1=models.F("witness_2")),
                name="destruction_two_distinct_witnesses",
            ),
        ]

    def __str__(self):
        return _("Destruction No. %(pk)s") % {"pk": self.pk}


class StatisticsRequest(models.Model):
    """R5 (seed 003 §10): another department asks for statistics on the archive; the archive
    department's manager reviews, the general manager approves, then the clerk issues it."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("In approval")
        APPROVED = "approved", _("Approved, to be issued")
        REJECTED = "rejected", _("Rejected")
        ISSUED = "issued", _("Issued")

    TRANSITIONS = {
        Status.REQUESTED: {Status.APPROVED, Status.REJECTED},
        Status.APPROVED: {Status.ISSUED},
    }
    # The approval chain's kind; chains in the database hold this string.
    CHAIN_KIND = "archive_statistics"

    department = models.ForeignKey(Department, verbose_name=_("requesting department"),
                                   on_delete=models.PROTECT, related_name="+")  # fmt: skip
    subject = models.CharField(_("statistics wanted"), max_length=200)
    purpose = models.TextField(_("purpose"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"),
                                     on_delete=models.PROTECT, related_name="+")  # fmt: skip
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.REQUESTED)  # fmt: skip
    chain = models.OneToOneField(ApprovalChain, verbose_name=_("approval chain"), null=True,
                                 blank=True, on_delete=models.PROTECT,
                                 related_name="+")  # fmt: skip
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"),
                                  null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statistics request")
        verbose_name_plural = _("statistics requests")
        ordering = ["-requested_at", "-id"]

    def __str__(self):
        return _("Statistics request No. %(pk)s") % {"pk": self.pk}
