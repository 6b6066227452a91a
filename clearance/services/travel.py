"""Travel abroad (C6, F9, T6) and the custody of travel documents.

Who must ask: core and important staff, and anyone in their decryption period (a fact
offboarding writes on the person). The chain is the department head, then the security
office — which cannot approve before the pre-travel briefing is recorded and confirmed by
the traveller — and, for core staff, the general manager.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import ApprovalChain, Decision
from approvals.services import (
    StepSpec,
    chain_start,
    subject_decide,
    subject_settle,
    subjects_cancel,
)
from approvals.steps import department_head_step
from audit.history import save_recorded as _save
from core.errors import DomainError
from core.notifications import notify
from core.transitions import transition
from personnel.models import DossierEntry, Tier
from personnel.roles import Role
from personnel.services.people import dossier_entry_add

from ..models import DocumentHandout, TravelDocument, TravelRequest
from ..selectors import documents_out, travel_restricted
from ..signals import travel_approved


def approval_required(employee, today: datetime.date | None = None) -> bool:
    """C6 and F9: core or important staff in post, or anyone in their decryption period."""
    return travel_restricted(today).filter(pk=employee.pk).exists()


def travel_url(travel) -> str:
    return reverse("clearance:travel_detail", args=[travel.pk])


def may_file_for_others(user) -> bool:
    """The security office registers a request for someone who cannot file it themselves
    (a departed person in their decryption period applies on paper)."""
    return user.has_perm("clearance.add_travelrequest")


@transaction.atomic
def travel_request(
    *, actor, employee, destination, departure, return_date, purpose
) -> TravelRequest:
    if employee.user_id != actor.pk and not may_file_for_others(actor):
        raise PermissionDenied
    if not approval_required(employee):
        raise DomainError(
            _(
                "%(name)s may travel abroad without approval: only core and "
                "important staff and people in their decryption period ask."
            )
            % {"name": employee.name}
        )
    if departure < timezone.localdate():
        raise DomainError(_("The departure cannot lie in the past."))
    if return_date < departure:
        raise DomainError(_("The return date cannot be before the departure."))
    if not (destination.strip() and purpose.strip()):
        raise DomainError(_("Please give the destination and the purpose."))
    travel = TravelRequest(
        employee=employee,
        destination=destination.strip(),
        departure=departure,
        return_date=return_date,
        purpose=purpose.strip(),
        requested_by=actor,
    )
    _save(travel, actor)
    travel.chain = chain_start(
        actor=actor,
        kind=TravelRequest.CHAIN_KIND,
        subject=travel,
        title=str(travel),
        requested_by=actor,
        concerns=employee.user,
        steps=_steps(employee),
    )
    _save(travel, actor)
    return travel


def _steps(employee) -> list[StepSpec]:
    steps = [
        department_head_step(employee),
        StepSpec(_("Security office"), role=Role.SECURITY_OFFICER),
    ]
    if employee.tier == Tier.CORE:
        steps.append(StepSpec(_("General manager"), role=Role.GM))
    return steps


@transaction.atomic
def travel_decide(*, actor, travel: TravelRequest, outcome: str, comment: str = ""):
    travel = TravelRequest.objects.select_for_update().get(pk=travel.pk)
    if travel.status != TravelRequest.Status.REQUESTED:
        raise DomainError(_("This request is not waiting for approval."))
    step = travel.chain.current_step()
    security = step.role == Role.SECURITY_OFFICER
    if outcome == Decision.Outcome.APPROVE and security and not travel.briefing_done:
        raise DomainError(
            _(
                "Record the pre-travel confidentiality briefing, with the "
                "traveller's confirmation, before approving."
            )
        )
    return subject_decide(
        actor=actor,
        subject=travel,
        waiting=TravelRequest.Status.REQUESTED,
        outcome=outcome,
        comment=comment,
    )


def travel_chain_finished(*, chain: ApprovalChain, actor) -> None:
    travel, approved = subject_settle(
        chain=chain,
        model=TravelRequest,
        actor=actor,
        approved=TravelRequest.Status.APPROVED,
        rejected=TravelRequest.Status.REJECTED,
    )
    if approved:
        dossier_entry_add(
            actor=actor,
            employee=travel.employee,
            kind=DossierEntry.Kind.OTHER,
            occurred_on=timezone.localdate(),
            title=_("Travel abroad approved"),
            detail=str(travel),
            check=False,
        )
        notify(
            recipients=[travel.requested_by, travel.employee.user],
            subject=_("Approved: %(travel)s") % {"travel": travel},
            link=travel_url(travel),
            dedupe_key=f"travel:{travel.pk}:approved",
        )
        travel_approved.send(sender=TravelRequest, travel=travel, actor=actor)


@transaction.atomic
def travel_requests_cancel_of(*, actor, employee, reason: str) -> int:
    """A leaver's trips in approval end with them: one asked for in post is not the trip of
    a person in their decryption period, who asks again. Callers check their own rights."""
    pending = TravelRequest.objects.filter(employee=employee, status=TravelRequest.Status.REQUESTED)
    return subjects_cancel(
        actor=actor,
        subjects=pending,
        reason=reason,
        cancelled_status=TravelRequest.Status.CANCELLED,
    )


def _locked(travel) -> TravelRequest:
    return TravelRequest.objects.select_for_update().select_related("employee").get(pk=travel.pk)


def _require_officer(actor) -> None:
    if not actor.has_perm("clearance.change_travelrequest"):
        raise PermissionDenied


@transaction.atomic
def briefing_record(*, actor, travel, briefed_on: datetime.date, note: str = "") -> TravelRequest:
    """保密提醒谈话: the security office records the briefing; the traveller confirms it."""
    _require_officer(actor)
    travel = _locked(travel)
    if travel.status != TravelRequest.Status.REQUESTED:
        raise DomainError(_("The briefing is recorded while the request is in approval."))
    if briefed_on > timezone.localdate():
        raise DomainError(_("The briefing cannot lie in the future."))
    travel.briefed_on, travel.briefed_by, travel.briefing_note = briefed_on, actor, note.strip()
    travel.traveller_confirmed_at = None  # a new briefing needs a new confirmation
    _save(travel, actor)
    notify(
        recipients=[travel.employee.user],
        subject=_("Please confirm your pre-travel briefing: %(travel)s") % {"travel": travel},
        link=travel_url(travel),
        dedupe_key=f"travel:{travel.pk}:briefed:{briefed_on}",
    )
    return travel


@transaction.atomic
def briefing_confirm(*, actor, travel) -> TravelRequest:
    travel = _locked(travel)
    if travel.employee.user_id != actor.pk:
        raise PermissionDenied
    if not travel.briefed_on:
        raise DomainError(_("No briefing has been recorded yet."))
    travel.traveller_confirmed_at = timezone.now()
    _save(travel, actor)
    return travel


def _check_returned(travel) -> None:
    if travel.status != TravelRequest.Status.APPROVED:
        raise DomainError(_("Only an approved trip has a return report and talk."))
    if timezone.localdate() < travel.return_date:
        raise DomainError(_("The return report and talk come after the return date."))


@transaction.atomic
def return_report_file(*, actor, travel, report: str) -> TravelRequest:
    """反馈: the traveller reports on the trip after coming back."""
    travel = _locked(travel)
    if travel.employee.user_id != actor.pk:
        raise PermissionDenied
    _check_returned(travel)
    if not report.strip():
        raise DomainError(_("Please write the report."))
    travel.return_report, travel.return_reported_at = report.strip(), timezone.now()
    _complete_if_done(travel)
    _save(travel, actor)
    return travel


@transaction.atomic
def return_talk_record(*, actor, travel, held_on: datetime.date, note: str) -> TravelRequest:
    """回访谈话: the security office talks to the traveller after the return."""
    _require_officer(actor)
    travel = _locked(travel)
    _check_returned(travel)
    if held_on > timezone.localdate():
        raise DomainError(_("The talk cannot lie in the future."))
    travel.return_talk_on, travel.return_talk_by = held_on, actor
    travel.return_talk_note = note.strip()
    _complete_if_done(travel)
    _save(travel, actor)
    return travel


def _complete_if_done(travel) -> None:
    if travel.return_reported_at and travel.return_talk_on:
        transition(travel, TravelRequest.Status.COMPLETED)


# Custody of travel documents ---------------------------------------------------------------


def _require_custodian(actor) -> None:
    if not actor.has_perm("clearance.change_traveldocument"):
        raise PermissionDenied


@transaction.atomic
def document_register(*, actor, employee, kind, number, expires_on) -> TravelDocument:
    _require_custodian(actor)
    number = number.strip().upper()
    if len(number) < 5:
        raise DomainError(_("The document number looks incomplete."))
    if TravelDocument.objects.filter(kind=kind, number=number).exists():
        raise DomainError(_("This document is already in the ledger."))
    document = TravelDocument(
        employee=employee, kind=kind, number=number, expires_on=expires_on, registered_by=actor
    )
    _save(document, actor)
    return document


def due_back(handout) -> datetime.date:
    return handout.travel.return_date + datetime.timedelta(days=settings.TRAVEL_DOCUMENT_DUE_DAYS)


def is_overdue(handout, today: datetime.date | None = None) -> bool:
    """Still out on the fifth day after the return date (a setting)."""
    today = today or timezone.localdate()
    return handout.returned_on is None and today >= due_back(handout)


@transaction.atomic
def document_hand_out(*, actor, document, travel) -> DocumentHandout:
    """Only for an approved trip of the document's holder, and only once at a time."""
    _require_custodian(actor)
    document = TravelDocument.objects.select_for_update().get(pk=document.pk)
    if travel.employee_id != document.employee_id:
        raise DomainError(_("The trip is not the document holder's."))
    if travel.status != TravelRequest.Status.APPROVED:
        raise DomainError(_("A document is handed out only for an approved trip."))
    if travel.return_date < timezone.localdate():
        raise DomainError(_("That trip has already ended."))
    if document.expires_on < travel.return_date:
        raise DomainError(_("The document expires before the return date."))
    if documents_out().filter(document=document).exists():
        raise DomainError(_("The document is already out."))
    handout = DocumentHandout(
        document=document, travel=travel, handed_out_by=actor, handed_out_on=timezone.localdate()
    )
    _save(handout, actor)
    return handout


@transaction.atomic
def document_take_back(*, actor, handout) -> DocumentHandout:
    _require_custodian(actor)
    handout = DocumentHandout.objects.select_for_update().get(pk=handout.pk)
    if handout.returned_on:
        raise DomainError(_("The document is already back."))
    handout.returned_on, handout.received_by = timezone.localdate(), actor
    _save(handout, actor)
    return handout
