from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from approvals.models import ApprovalChain
from core.uploads import UploadValidator
from personnel.identity import IdType, masked, normalize, validate_id_number
from personnel.models import Department, Employee, Position


class Check(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")


def _check(label):
    return models.CharField(label, max_length=8, choices=Check.choices, blank=True)


def _condition(label):
    return models.BooleanField(label, null=True, blank=True)


class Candidate(models.Model):
    """A person applying for a post, and their vetting: 《应聘申请表》 (O1–O4)."""

    class Status(models.TextChoices):
        APPLYING = "applying", _("Applying")
        HIRED = "hired", _("Hired")
        WITHDRAWN = "withdrawn", _("Not hired")

    TRANSITIONS = {Status.APPLYING: {Status.HIRED, Status.WITHDRAWN}}

    name = models.CharField(_("full name"), max_length=50)
    id_type = models.CharField(
        _("identity document"), max_length=16, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    id_number = models.CharField(_("identity document number"), max_length=30)
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.ForeignKey(
        Position, verbose_name=_("position applied for"), on_delete=models.PROTECT, related_name="+"
    )
    cv = models.FileField(
        _("CV"), upload_to="candidates/%Y/", blank=True, validators=[UploadValidator("document")]
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.APPLYING
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    employee = models.OneToOneField(
        Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="candidate"
    )
    # O1: the four checks, each pass or fail ("" = not done yet).
    character = _check(_("A character (honesty, trustworthiness)"))
    education = _check(_("B education and CV"))
    qualification = _check(_("C qualifications"))
    identity = _check(_("D identity"))
    vetting_note = models.TextField(_("vetting note"), blank=True)
    vetted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    vetted_on = models.DateField(_("vetted on"), null=True, blank=True)
    # O2: the admin department's review.
    professional_quality = models.TextField(_("professional quality"), blank=True)
    disciplinary_record = models.TextField(_("disciplinary or criminal record"), blank=True)
    motivation = models.TextField(_("motivation"), blank=True)
    job_fit = models.TextField(_("fit with the job description"), blank=True)
    # Secret posts: the eligibility conditions inspectors check (None = not recorded).
    chinese_nationality = _condition(_("Chinese nationality"))
    no_foreign_residence = _condition(_("No foreign permanent residence"))
    not_married_to_foreigner = _condition(_("Not married to a foreign national (港澳台 included)"))
    no_recent_leak = _condition(_("No leak incident in the past year"))
    relations_reviewed = _condition(_("Main family and social relations reviewed"))
    history = HistoricalRecords()

    CHECKS = ("character", "education", "qualification", "identity")
    CONDITIONS = (
        "chinese_nationality",
        "no_foreign_residence",
        "not_married_to_foreigner",
        "no_recent_leak",
        "relations_reviewed",
    )

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["-id"]

    def __str__(self):
        return self.name

    @property
    def masked_id(self) -> str:
        return masked(self.id_number)

    def clean(self):
        errors = {}
        self.id_number = normalize(self.id_number)
        try:
            validate_id_number(self.id_type, self.id_number)
        except ValidationError as error:
            errors["id_number"] = error.messages
        if "id_number" not in errors and self._id_number_taken():
            errors["id_number"] = _(
                "This identity number is already registered for another candidate or an employee."
            )
        if (
            self.position_id
            and self.department_id
            and (self.position.department_id != self.department_id)
        ):
            errors["position"] = _("The position belongs to another department.")
        if errors:
            raise ValidationError(errors)

    def _id_number_taken(self) -> bool:
        """One person, one record: no other applying candidate, no employee but the one this
        candidate became."""
        applying = Candidate.objects.filter(id_number=self.id_number, status=self.Status.APPLYING)
        applying = applying.exclude(pk=self.pk)
        employees = Employee.objects.filter(id_number=self.id_number).exclude(pk=self.employee_id)
        return applying.exists() or employees.exists()

    def missing_for_hire(self) -> list[str]:
        """Why hiring is refused now (O4): checks missing or failed, unmet conditions."""
        reasons = []
        for name in self.CHECKS:
            value = getattr(self, name)
            label = self._meta.get_field(name).verbose_name
            if value != Check.PASS:
                reasons.append(f"{label}：{Check(value).label if value else _('not done')}")
        if self.position.is_secret_post:
            for name in self.CONDITIONS:
                if getattr(self, name) is not True:
                    reasons.append(str(self._meta.get_field(name).verbose_name))
        return reasons


class Appointment(models.Model):
    """The confidentiality leadership group's approval of a secret-post appointment (O7)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("In approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    TRANSITIONS = {Status.REQUESTED: {Status.APPROVED, Status.REJECTED}}
    CHAIN_KIND = "appointment"  # the approval chain's kind, as stored in the database

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="appointments"
    )
    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED
    )
    chain = models.OneToOneField(
        ApprovalChain, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")

    def __str__(self):
        return _("Appointment of %(name)s to %(post)s") % {
            "name": self.employee.name,
            "post": self.position.title,
        }


class Transfer(models.Model):
    """A move into a secret post (O5, C7): it takes effect only when the review passes."""

    class Kind(models.TextChoices):
        CREDIT_VETTING = "credit_vetting", _("Credit and capability vetting")
        CONFIDENTIALITY_REVIEW = "confidentiality_review", _("Confidentiality review")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("In review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    TRANSITIONS = {Status.REQUESTED: {Status.APPROVED, Status.REJECTED}}
    CHAIN_KIND = "transfer"  # the approval chain's kind, as stored in the database

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="transfers"
    )
    from_position = models.ForeignKey(
        Position,
        verbose_name=_("from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_position = models.ForeignKey(
        Position, verbose_name=_("to"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("review"), max_length=24, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED
    )
    chain = models.OneToOneField(
        ApprovalChain, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")

    def __str__(self):
        return _("Transfer of %(name)s to %(post)s") % {
            "name": self.employee.name,
            "post": self.to_position.title,
        }
