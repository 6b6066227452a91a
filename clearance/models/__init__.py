from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from approvals.models import ApprovalChain
from core.classification import Level
from personnel.models import Employee

# The models of internal inspections (R3) live in their own module.
from .inspections import DepartmentFinding as DepartmentFinding
from .inspections import DepartmentInspection as DepartmentInspection

CLEARABLE_LEVELS = [(v, label) for v, label in Level.choices if v != Level.INTERNAL]


class Clearance(models.Model):
    """Access to information of one level (C2); a temporary one lasts at most 90 days (C3)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("In approval")
        GRANTED = "granted", _("Granted")
        REJECTED = "rejected", _("Rejected")
        EXPIRED = "expired", _("Expired")
        SUSPENDED = "suspended", _("Suspended")
        CANCELLED = "cancelled", _("Cancelled")

    # The kind of its approval chain; the database holds this string.
    CHAIN_KIND = "clearance"
    TRANSITIONS = {
        Status.REQUESTED: {Status.GRANTED, Status.REJECTED, Status.CANCELLED},
        # An adverse review suspends; the end date or a lower tier expires.
        Status.GRANTED: {Status.EXPIRED, Status.SUSPENDED},
    }

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="clearances"
    )
    level = models.CharField(_("level"), max_length=16, choices=CLEARABLE_LEVELS)
    temporary = models.BooleanField(_("temporary"), default=False)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.REQUESTED,
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
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("clearance")
        verbose_name_plural = _("clearances")
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="clearance_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(temporary=False) | Q(valid_until__isnull=False),
                name="temporary_clearance_has_an_end",
            ),
        ]

    def __str__(self):
        return _("%(level)s clearance of %(name)s") % {
            "level": self.get_level_display(),
            "name": self.employee.name,
        }


class PeriodicReview(models.Model):
    """定期保密审查 (C7): who reviewed whom, when, with what result."""

    class Result(models.TextChoices):
        PASSED = "passed", _("Passed")
        ADVERSE = "adverse", _("Adverse")

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="reviews"
    )
    reviewed_on = models.DateField(_("reviewed on"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    result = models.CharField(_("result"), max_length=16, choices=Result.choices)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("periodic review")
        verbose_name_plural = _("periodic reviews")
        ordering = ["-reviewed_on", "-id"]

    def __str__(self):
        return f"{self.employee.name} {self.reviewed_on}"


class Incident(models.Model):
    """A suspected leak (P7): remedial measures at once, the report to the secrecy authority
    within 24 hours, the investigation result within 3 months, then closure."""

    class Source(models.TextChoices):
        REPORT = "report", _("Report or whistle-blow")
        MISSING_ITEM = "missing_item", _("Missing classified item")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("incident status", "Open")
        CLOSED = "closed", _("Closed")

    TRANSITIONS = {Status.OPEN: {Status.CLOSED}}

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    discovered_at = models.DateTimeField(_("discovered at"))
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.REPORT
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The whistle-blower asked that only the security office may know who they are.
    hide_identity = models.BooleanField(_("hide my identity"), default=False)
    remedial_measures = models.TextField(_("remedial measures taken"), blank=True)
    authority_reported_at = models.DateTimeField(
        _("reported to the secrecy authority at"), null=True, blank=True
    )
    result = models.TextField(_("investigation result"), blank=True)
    result_at = models.DateTimeField(_("result recorded at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    reward = models.BooleanField(_("confirmed whistle-blow, marked for reward"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leak incident")
        verbose_name_plural = _("leak incidents")
        ordering = ["-discovered_at", "-id"]

    def __str__(self):
        return self.title


class Violation(models.Model):
    """A breach of the confidentiality rules and the measure taken (P6)."""

    class Kind(models.TextChoices):
        LEAK_DELIBERATE = "leak_deliberate", _("Deliberate leak")
        LEAK_NEGLIGENT = "leak_negligent", _("Negligent leak")
        UNAUTHORISED_ACCESS = "unauthorised_access", _("Unauthorised access")
        UNAUTHORISED_COPYING = "unauthorised_copying", _("Unauthorised copying or spreading")
        SELF_RAISED_RIGHTS = "self_raised_rights", _("Raising one's own permissions")
        POOR_SAFEKEEPING = "poor_safekeeping", _("Poor safekeeping causing loss")
        PARTNER_BREACH = "partner_breach", _("Partner or supplier breach")

    class Measure(models.TextChoices):
        # In escalating order up to dismissal: the proposal climbs this ladder. A fine and
        # legal liability are never proposed by the rule (services.violations ranks them).
        CRITICISM = "criticism", _("Criticism and education")
        WARNING = "warning", _("Warning")
        DEMERIT = "demerit", _("Demerit")
        DEMOTION = "demotion", _("Demotion")
        REMOVAL = "removal", _("Removal from the post")
        DISMISSAL = "dismissal", _("Dismissal")
        FINE = "fine", _("Fine")
        LEGAL_LIABILITY = "legal_liability", _("Legal liability pursued")

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="violations"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    occurred_on = models.DateField(_("date"))
    facts = models.TextField(_("facts"))
    proposed_measure = models.CharField(
        _("proposed measure"), max_length=16, choices=Measure.choices
    )
    measure = models.CharField(_("measure taken"), max_length=16, choices=Measure.choices)
    override_reason = models.TextField(_("reason for another measure"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        ordering = ["-occurred_on", "-id"]

    def __str__(self):
        return f"{self.employee.name} {self.get_kind_display()} {self.occurred_on}"


class MajorEventReport(models.Model):
    """重大事项报告 (C9): a classified person reports a major personal event; `security`
    reviews it. A suspected leak opens an incident at once."""

    class Kind(models.TextChoices):
        SUSPECTED_LEAK = "suspected_leak", _("Suspected leak")
        FOREIGN_APPROACH = "foreign_approach", _("Approach by a foreign body")
        FOREIGN_FUNDING = "foreign_funding", _("Foreign funding")
        FOREIGN_MARRIAGE = "foreign_marriage", _("Marriage to a foreign national")
        FAMILY_ABROAD = (
            "family_abroad",
            _("Spouse or child gained foreign residency or nationality"),
        )
        OTHER = "other", _("Other")

    employee = models.ForeignKey(
        Employee,
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        related_name="major_event_reports",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"))
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    outcome = models.TextField(_("outcome of the review"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    incident = models.OneToOneField(
        Incident, null=True, blank=True, on_delete=models.PROTECT, related_name="major_event_report"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("major event report")
        verbose_name_plural = _("major event reports")
        ordering = ["-reported_at", "-id"]

    def __str__(self):
        return f"{self.employee.name} {self.get_kind_display()}"


class TravelRequest(models.Model):
    """出国(境)审批 (C6, F9): core and important staff and anyone in their decryption period
    ask before travelling abroad; the pre-travel briefing (T6) is kept on the request."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("In approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        COMPLETED = "completed", _("Returned, report and talk done")
        CANCELLED = "cancelled", _("Cancelled")

    # The kind of its approval chain; the database holds this string.
    CHAIN_KIND = "travel"
    TRANSITIONS = {
        Status.REQUESTED: {Status.APPROVED, Status.REJECTED, Status.CANCELLED},
        # Completed once both the return report and the return talk are recorded.
        Status.APPROVED: {Status.COMPLETED},
    }

    employee = models.ForeignKey(
        Employee,
        verbose_name=_("traveller"),
        on_delete=models.PROTECT,
        related_name="travel_requests",
    )
    destination = models.CharField(_("destination"), max_length=200)
    departure = models.DateField(_("departure"))
    return_date = models.DateField(_("return date"))
    purpose = models.TextField(_("purpose"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED, db_index=True
    )
    chain = models.OneToOneField(
        ApprovalChain,
        verbose_name=_("approval chain"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # 保密提醒谈话: when, by whom, and the traveller's confirmation that they were briefed.
    briefed_on = models.DateField(_("briefed on"), null=True, blank=True)
    briefed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("briefed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    briefing_note = models.TextField(_("briefing note"), blank=True)
    traveller_confirmed_at = models.DateTimeField(
        _("traveller confirmed the briefing at"), null=True, blank=True
    )
    # After the trip: the traveller's report (反馈) and the return talk (回访谈话).
    return_report = models.TextField(_("return report"), blank=True)
    return_reported_at = models.DateTimeField(_("return report filed at"), null=True, blank=True)
    return_talk_on = models.DateField(_("return talk held on"), null=True, blank=True)
    return_talk_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("return talk by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    return_talk_note = models.TextField(_("return talk note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("travel request")
        verbose_name_plural = _("travel requests")
        ordering = ["-departure", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(return_date__gte=F("departure")), name="travel_returns_after_departure"
            ),
        ]

    def __str__(self):
        return _("%(name)s to %(destination)s, %(start)s – %(end)s") % {
            "name": self.employee.name,
            "destination": self.destination,
            "start": self.departure,
            "end": self.return_date,
        }

    @property
    def briefing_done(self) -> bool:
        return bool(self.briefed_on and self.briefed_by_id and self.traveller_confirmed_at)


class TravelDocument(models.Model):
    """因私出入境证件集中保管: a travel document held by the security office."""

    class Kind(models.TextChoices):
        PASSPORT = "passport", _("Passport")
        HK_MACAO = "hk_macao", _("Mainland travel permit for Hong Kong and Macao")
        TAIWAN = "taiwan", _("Mainland travel permit for Taiwan")

    employee = models.ForeignKey(
        Employee,
        verbose_name=_("holder"),
        on_delete=models.PROTECT,
        related_name="travel_documents",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=32)
    expires_on = models.DateField(_("expires on"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("travel document")
        verbose_name_plural = _("travel documents")
        ordering = ["employee__name", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="travel_document_unique"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.masked_number}"

    @property
    def masked_number(self) -> str:
        return self.number[:1] + "*" * max(len(self.number) - 4, 0) + self.number[-3:]


class DocumentHandout(models.Model):
    """One hand-out of a held document for an approved trip, and its return."""

    document = models.ForeignKey(
        TravelDocument,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="handouts",
    )
    travel = models.ForeignKey(
        TravelRequest, verbose_name=_("trip"), on_delete=models.PROTECT, related_name="handouts"
    )
    handed_out_on = models.DateField(_("handed out on"))
    handed_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handed out by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document hand-out")
        verbose_name_plural = _("document hand-outs")
        ordering = ["-handed_out_on", "-id"]
        constraints = [
            # A document is out at most once at a time.
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(returned_on__isnull=True),
                name="travel_document_out_once",
            ),
        ]

    def __str__(self):
        return f"{self.document} → {self.travel}"
