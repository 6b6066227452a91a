"""Major personal events self-reported by classified staff (C9)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.history import save_recorded
from core.errors import DomainError
from personnel.models import DossierEntry, Employee
from personnel.services.people import dossier_entry_add

from ..models import MajorEventReport
from . import incidents


@transaction.atomic
def major_event_report(
    *, actor, kind: str, description: str, hide_identity: bool = False
) -> MajorEventReport:
    """A suspected leak opens an incident at once; its reporter may hide their identity as
    on the incident form (the name then shows to the security office only)."""
    employee = Employee.objects.filter(user=actor).first()
    if employee is None or not employee.is_classified:
        raise DomainError(_("Major events are reported by classified personnel."))
    leak = kind == MajorEventReport.Kind.SUSPECTED_LEAK
    if hide_identity and not leak:
        raise DomainError(_("Only a suspected leak can be reported with a hidden identity."))
    report = MajorEventReport(employee=employee, kind=kind, description=description.strip())
    save_recorded(report, actor)
    if leak:
        report.incident = incidents.incident_report(
            actor=actor,
            title=_leak_title(employee, hide_identity),
            description=report.description,
            discovered_at=timezone.now(),
            hide_identity=hide_identity,
        )
        save_recorded(report, actor)
    return report


def _leak_title(employee, hidden: bool) -> str:
    # The title shows on every incident page and the register: it must not name a hidden
    # reporter.
    if hidden:
        return _("Suspected leak reported (identity hidden)")
    return _("Suspected leak reported by %(name)s") % {"name": employee.name}


@transaction.atomic
def major_event_review(*, actor, report: MajorEventReport, outcome: str) -> MajorEventReport:
    if not actor.has_perm("clearance.change_majoreventreport"):
        raise PermissionDenied
    report = MajorEventReport.objects.select_for_update().get(pk=report.pk)
    if report.reviewed_at:
        raise DomainError(_("This report has already been reviewed."))
    if not outcome.strip():
        raise DomainError(_("Please record the outcome."))
    report.outcome, report.reviewed_by, report.reviewed_at = outcome.strip(), actor, timezone.now()
    save_recorded(report, actor)
    if report.incident_id and report.incident.hide_identity:
        return report  # a dossier entry would name the hidden whistle-blower to HR and heads
    dossier_entry_add(
        actor=actor,
        employee=report.employee,
        kind=DossierEntry.Kind.OTHER,
        occurred_on=timezone.localdate(),
        title=_("Major event: %(kind)s") % {"kind": report.get_kind_display()},
        detail=report.outcome,
        check=False,
    )
    return report
