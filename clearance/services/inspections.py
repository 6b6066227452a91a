"""Internal inspections of departments (R3): the security office plans an inspection,
carries it out and records its findings; each finding has an owner and a date to rectify
by; the owner or the owner's head records the rectification, which the security office
verifies or sends back. Overdue findings are chased daily (clearance.sweeps)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.history import save_recorded as _save
from core.access import require_perm
from core.errors import DomainError
from core.notifications import notify
from core.transitions import transition
from personnel.selectors import head_sees

from ..models import DepartmentFinding, DepartmentInspection

Inspection = DepartmentInspection
Finding = DepartmentFinding


def inspection_url(inspection) -> str:
    return reverse("clearance:inspection_detail", args=[inspection.pk])


def _required(text: str, message: str) -> str:
    if not text.strip():
        raise DomainError(message)
    return text.strip()


@transaction.atomic
def dept_inspection_plan(
    *, actor, department, planned_on: datetime.date, scope: str, inspectors: str
) -> DepartmentInspection:
    require_perm(actor, "clearance.add_departmentinspection")
    inspection = Inspection(
        department=department,
        planned_on=planned_on,
        scope=_required(scope, _("Say what the inspection covers.")),
        inspectors=_required(inspectors, _("Name the inspectors.")),
        planned_by=actor,
    )
    _save(inspection, actor)
    return inspection


def _locked(inspection) -> DepartmentInspection:
    return Inspection.objects.select_for_update().get(pk=inspection.pk)


@transaction.atomic
def dept_inspection_start(*, actor, inspection: DepartmentInspection) -> DepartmentInspection:
    require_perm(actor, "clearance.change_departmentinspection")
    inspection = _locked(inspection)
    transition(inspection, Inspection.Status.IN_PROGRESS)
    inspection.carried_out_on = timezone.localdate()
    _save(inspection, actor)
    return inspection


@transaction.atomic
def dept_inspection_finish(
    *, actor, inspection: DepartmentInspection, conclusion: str
) -> DepartmentInspection:
    require_perm(actor, "clearance.change_departmentinspection")
    inspection = _locked(inspection)
    inspection.conclusion = _required(conclusion, _("Record the inspection's conclusion."))
    transition(inspection, Inspection.Status.DONE)
    _save(inspection, actor)
    return inspection


@transaction.atomic
def dept_finding_record(
    *,
    actor,
    inspection: DepartmentInspection,
    text: str,
    severity: str,
    owner,
    due_on: datetime.date,
) -> DepartmentFinding:
    """A finding of an inspection under way; its owner is told at once."""
    require_perm(actor, "clearance.add_departmentfinding")
    inspection = _locked(inspection)
    if inspection.status != Inspection.Status.IN_PROGRESS:
        raise DomainError(_("Findings are recorded while the inspection is under way."))
    if severity not in Finding.Severity.values:
        raise DomainError(_("Unknown severity."))
    if due_on < timezone.localdate():
        raise DomainError(_("The date to rectify by cannot be in the past."))
    finding = Finding(
        inspection=inspection,
        text=_required(text, _("Describe the finding.")),
        severity=severity,
        owner=owner,
        due_on=due_on,
        recorded_by=actor,
    )
    _save(finding, actor)
    notify(
        recipients=[owner.user],
        subject=_("Inspection finding to rectify by %(day)s") % {"day": due_on},
        body=finding.text,
        link=inspection_url(inspection),
        dedupe_key=f"clearance:finding:{finding.pk}:recorded",
    )
    return finding


def rectifiable_findings(user) -> QuerySet:
    """The findings whose rectification the user records: their own, and as a department
    head those of the department's people."""
    if not user.is_active:
        return Finding.objects.none()
    return Finding.objects.filter(Q(owner__user=user) | head_sees(user, "owner__"))


def may_rectify(user, finding) -> bool:
    return rectifiable_findings(user).filter(pk=finding.pk).exists()


def _locked_finding(finding) -> DepartmentFinding:
    return Finding.objects.select_for_update().get(pk=finding.pk)


@transaction.atomic
def dept_finding_rectify(*, actor, finding: DepartmentFinding, note: str) -> DepartmentFinding:
    finding = _locked_finding(finding)
    if not may_rectify(actor, finding):
        raise PermissionDenied
    finding.rectification = _required(note, _("Say how the finding was rectified."))
    transition(finding, Finding.Status.RECTIFIED)
    finding.rectified_on, finding.rectified_by = timezone.localdate(), actor
    _save(finding, actor)
    return finding


@transaction.atomic
def dept_finding_verify(
    *, actor, finding: DepartmentFinding, accepted: bool, note: str = ""
) -> DepartmentFinding:
    """The security office's check of a rectification: accepted, the finding is closed;
    not accepted, it goes back to its owner with the reason."""
    require_perm(actor, "clearance.change_departmentfinding")
    finding = _locked_finding(finding)
    if accepted:
        transition(finding, Finding.Status.VERIFIED)
        finding.verified_on, finding.verified_by = timezone.localdate(), actor
        finding.verification = note.strip()
    else:
        finding.verification = _required(note, _("Say why the rectification is not accepted."))
        transition(finding, Finding.Status.OPEN)
    _save(finding, actor)
    if not accepted:
        notify(
            recipients=[finding.owner.user],
            subject=_("Rectification not accepted: %(finding)s") % {"finding": finding},
            body=finding.verification,
            link=inspection_url(finding.inspection),
        )
    return finding


def overdue_findings(today: datetime.date) -> QuerySet:
    """Open findings past the date to rectify by."""
    return Finding.objects.filter(status=Finding.Status.OPEN, due_on__lt=today)
