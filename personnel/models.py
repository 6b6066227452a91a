import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from core.classification import Level
from core.uploads import UploadValidator

from .identity import IdType, masked, normalize, validate_id_number


class Tier(models.TextChoices):
    """Classification of personnel (P2)."""

    CORE = "core", _("Core")
    IMPORTANT = "important", _("Important")
    GENERAL = "general", _("General")
    NONE = "none", _("Non-classified")


TIER_RANK = {Tier.NONE: 0, Tier.GENERAL: 1, Tier.IMPORTANT: 2, Tier.CORE: 3}

# The highest information level a tier may be cleared for (P2). The one place of this rule:
# clearance, archives and reports ask `tier_ceiling`.
TIER_CEILING = {
    Tier.CORE: Level.TOP_SECRET,
    Tier.IMPORTANT: Level.SECRET,
    Tier.GENERAL: Level.CONFIDENTIAL,
    Tier.NONE: Level.INTERNAL,
}

CLASSIFIED_TIERS = (Tier.CORE, Tier.IMPORTANT, Tier.GENERAL)

EARLIEST_HIRE_DATE = datetime.date(1950, 1, 1)


def tier_ceiling(tier: str) -> str:
    return TIER_CEILING[Tier(tier)]


class Department(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(_("code"), max_length=20, unique=True)
    is_technical = models.BooleanField(
        _("technical department"),
        default=False,
        help_text=_("Staff of technical departments sign a bilateral agreement on leaving."),
    )
    head = models.ForeignKey(
        "Employee",
        verbose_name=_("head"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="headed_departments",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Position(models.Model):
    """A job; a secret post (P3) requires a tier and lists its confidentiality duties."""

    title = models.CharField(_("title"), max_length=100)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="positions"
    )
    is_secret_post = models.BooleanField(_("secret post"), default=False)
    required_tier = models.CharField(
        _("required tier"), max_length=16, choices=Tier.choices, default=Tier.NONE
    )
    duties = models.TextField(_("confidentiality duties"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["department__code", "title"]
        constraints = [
            models.UniqueConstraint(fields=["department", "title"], name="position_unique_title")
        ]

    def __str__(self):
        return f"{self.department.name} · {self.title}"

    def clean(self):
        if self.is_secret_post and self.required_tier == Tier.NONE:
            raise ValidationError(
                {"required_tier": _("A secret post must require a classified tier.")}
            )
        if not self.is_secret_post and self.required_tier != Tier.NONE:
            raise ValidationError(
                {"required_tier": _("Only a secret post can require a classified tier.")}
            )


class Employee(models.Model):
    class EmploymentType(models.TextChoices):
        FORMAL = "formal", _("Formal")
        TEMPORARY = "temporary", _("Temporary")
        CONTRACT = "contract", _("Contract")
        INTERN = "intern", _("Intern")
        OUTSOURCED = "outsourced", _("Outsourced")
        PARTNER = "partner", _("Partner / supplier staff")

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("Candidate")
        AWAITING_POST = "awaiting_post", _("Awaiting post")
        ACTIVE = "active", _("Active")
        RESIGNING = "resigning", _("Resigning")
        DEPARTED = "departed", _("Departed")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employee",
    )
    employee_no = models.CharField(_("employee number"), max_length=20, unique=True)
    name = models.CharField(_("full name"), max_length=50, db_index=True)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="employees"
    )
    position = models.ForeignKey(
        Position,
        verbose_name=_("position"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employees",
    )
    employment_type = models.CharField(
        _("employment type"),
        max_length=16,
        choices=EmploymentType.choices,
        default=EmploymentType.FORMAL,
    )
    id_type = models.CharField(
        _("identity document"), max_length=16, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    id_number = models.CharField(_("identity document number"), max_length=30, blank=True)
    hire_date = models.DateField(_("hire date"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    tier = models.CharField(
        _("tier"), max_length=16, choices=Tier.choices, default=Tier.NONE, db_index=True
    )
    # Written by offboarding when a classified person leaves (F9); read by lower apps.
    decryption_ends_on = models.DateField(_("decryption period ends"), null=True, blank=True)
    # Written by training when the pre-post confidentiality training is passed (O6, T3).
    pre_post_trained_on = models.DateField(_("pre-post training passed on"), null=True, blank=True)
    # Written by onboarding when the confidentiality leadership group approves (O7).
    appointment_approved_on = models.DateField(_("appointment approved on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["employee_no"]
        permissions = [("export_roster", _("Can export the personnel roster"))]
        indexes = [models.Index(fields=["department", "employee_no"])]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                condition=~models.Q(id_number=""),
                name="employee_unique_id_number",
                violation_error_message=_("An employee with this identity number exists."),
            )
        ]

    def __str__(self):
        return f"{self.name}（{self.employee_no}）"

    @property
    def masked_id(self) -> str:
        return masked(self.id_number)

    @property
    def is_classified(self) -> bool:
        return self.tier in CLASSIFIED_TIERS

    @property
    def ceiling(self) -> str:
        return tier_ceiling(self.tier)

    @property
    def in_decryption_period(self) -> bool:
        return bool(self.decryption_ends_on and self.decryption_ends_on >= timezone.localdate())

    def pre_post_conditions(self, agreements=None) -> list[tuple[str, bool]]:
        """O6/O7: what a person must have before taking up a secret post, and whether they do.
        (`agreements`, the person's, when the caller has read them already.)"""
        agreements = self.agreements.all() if agreements is None else agreements
        signed = any(a.kind == Agreement.Kind.COMMITMENT for a in agreements)
        return [
            (_("Pre-post confidentiality training passed"), self.pre_post_trained_on is not None),
            (_("Confidentiality commitment signed"), signed),
            (
                _("Appointment approved by the confidentiality leadership group"),
                self.appointment_approved_on is not None,
            ),
        ]

    @property
    def ceiling_label(self) -> str:
        return Level(self.ceiling).label

    def clean(self):
        errors = self._hire_date_errors()
        self.id_number = normalize(self.id_number)
        if self.id_number:
            try:
                validate_id_number(self.id_type, self.id_number)
            except ValidationError as error:
                errors["id_number"] = error.messages
        allowed = self.position.required_tier if self.position_id else Tier.NONE
        if TIER_RANK[Tier(self.tier)] > TIER_RANK[Tier(allowed)]:
            errors["tier"] = _(
                "Tier “%(tier)s” is above what the position allows (“%(allowed)s”)."
            ) % {"tier": Tier(self.tier).label, "allowed": Tier(allowed).label}
        if (
            self.position_id
            and self.department_id
            and self.position.department_id != self.department_id
        ):
            errors["position"] = _("The position belongs to another department.")
        if errors:
            raise ValidationError(errors)

    def _hire_date_errors(self) -> dict:
        if self.hire_date is None:
            return {}
        if self.hire_date > timezone.localdate() + datetime.timedelta(days=366):
            return {"hire_date": _("The hire date cannot be more than a year ahead.")}
        if self.hire_date < EARLIEST_HIRE_DATE:
            return {"hire_date": _("The hire date cannot be before 1950.")}
        return {}


class EmployeeUserObjectPermission(UserObjectPermissionBase):
    """guardian's direct foreign-key table: per-employee rights (department heads)."""

    content_object = models.ForeignKey(Employee, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        indexes = [models.Index(fields=["user", "permission", "content_object"])]


class Agreement(models.Model):
    """A signed confidentiality document (P5)."""

    class Kind(models.TextChoices):
        COMMITMENT = "commitment", _("Confidentiality commitment")
        AGREEMENT = "agreement", _("Confidentiality agreement")
        BILATERAL = "bilateral", _("Bilateral confidentiality agreement")
        EXIT_COMMITMENT = "exit_commitment", _("Exit confidentiality commitment")
        PARTNER_CLAUSE = "partner_clause", _("Partner / supplier confidentiality clause")

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="agreements"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    signed_on = models.DateField(_("signed on"))
    scan = models.FileField(
        _("scanned file"),
        upload_to="agreements/%Y/",
        blank=True,
        validators=[UploadValidator("scan")],
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.signed_on}"


class DossierEntry(models.Model):
    """One line of the confidentiality dossier (保密档案, P4)."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        AGREEMENT = "agreement", _("Agreement")
        VETTING = "vetting", _("Vetting")
        VIOLATION = "violation", _("Violation")
        PENALTY = "penalty", _("Penalty")
        REWARD = "reward", _("Reward")
        OTHER = "other", _("Other")

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="dossier"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    occurred_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    detail = models.TextField(_("detail"), blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    # The workflow fact a line follows (a training attended, later assessed), so that fact
    # keeps one line: "training.assignment:<pk>". Empty for a line written once.
    reference = models.CharField(max_length=64, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dossier entry")
        verbose_name_plural = _("dossier entries")
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "reference"],
                condition=~models.Q(reference=""),
                name="dossier_entry_one_line_per_reference",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.title}"

    def clean(self):
        if self.score is not None and self.score > 100:
            raise ValidationError({"score": _("A score is between 0 and 100.")})
