"""Clearance grants through the shared approval chain; temporary clearances; reviews."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import ApprovalChain, Decision
from approvals.selectors import holds_role
from approvals.services import (
    StepSpec,
    chain_start,
    step_decide,
    subject_decide,
    subject_settle,
    subjects_cancel,
)
from approvals.steps import department_head_step
from audit.history import save_recorded as _save
from core.classification import Level, level_rank
from core.errors import DomainError
from core.transitions import transition
from personnel.models import DossierEntry, Employee, Tier, tier_ceiling
from personnel.roles import Role
from personnel.services.people import dossier_entry_add

from ..models import Clearance, PeriodicReview


def _acts_as_head_of(user, employee) -> bool:
    """Who may act as the person's department head (ask, and so sign the head's step)."""
    return holds_role(user, Role.DEPT_HEAD, employee.department_id)


def _check_request(*, employee, level, temporary, valid_from, valid_until) -> None:
    if level not in (Level.TOP_SECRET, Level.SECRET, Level.CONFIDENTIAL):
        raise DomainError(_("Choose 绝密, 机密 or 秘密."))
    if employee.status != Employee.Status.ACTIVE:
        raise DomainError(_("Only an active employee can be cleared."))
    if temporary:
        if employee.tier != Tier.NONE:
            raise DomainError(_("A temporary clearance is for non-classified staff."))
        if valid_until is None:
            raise DomainError(_("A temporary clearance needs its end date."))
        limit = settings.TEMPORARY_CLEARANCE_MAX_DAYS
        if (valid_until - valid_from).days > limit:
            raise DomainError(
                _("A temporary clearance lasts at most %(days)s days.") % {"days": limit}
            )
    elif level_rank(level) > level_rank(tier_ceiling(employee.tier)):
        raise DomainError(
            _("%(level)s is above what the tier “%(tier)s” allows (at most %(ceiling)s).")
            % {
                "level": Level(level).label,
                "tier": Tier(employee.tier).label,
                "ceiling": Level(tier_ceiling(employee.tier)).label,
            }
        )


@transaction.atomic
def clearance_request(
    *, actor, employee, level, reason, valid_from, valid_until=None, temporary=False
) -> Clearance:
    """HR or the person's department head asks; the head's step is done by asking, then
    the security office decides."""
    by_head = _acts_as_head_of(actor, employee)
    if not (actor.has_perm("clearance.add_clearance") or by_head):
        raise PermissionDenied
    if not reason.strip():
        raise DomainError(_("Please give the reason."))
    _check_request(
        employee=employee,
        level=level,
        temporary=temporary,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    clearance = Clearance(
        employee=employee,
        level=level,
        temporary=temporary,
        valid_from=valid_from,
        valid_until=valid_until,
        reason=reason.strip(),
        requested_by=actor,
    )
    _save(clearance, actor)
    steps = [
        department_head_step(employee),
        StepSpec(_("Security office"), role=Role.SECURITY_OFFICER),
    ]
    clearance.chain = chain_start(
        actor=actor,
        kind=Clearance.CHAIN_KIND,
        subject=clearance,
        title=str(clearance),
        requested_by=employee.user,
        steps=steps,
    )
    _save(clearance, actor)
    if by_head:
        step_decide(
            actor=actor,
            step=clearance.chain.current_step(),
            outcome=Decision.Outcome.APPROVE,
            comment=_("Requested by the department head."),
        )
    return clearance


@transaction.atomic
def clearance_decide(*, actor, clearance: Clearance, outcome: str, comment: str = ""):
    clearance = Clearance.objects.select_for_update().get(pk=clearance.pk)
    if clearance.status != Clearance.Status.REQUESTED:
        raise DomainError(_("This clearance is not waiting for approval."))
    step = clearance.chain.current_step()
    if outcome == Decision.Outcome.APPROVE and step.role == Role.SECURITY_OFFICER:
        # The ceiling is checked again: the tier may have changed while it waited.
        _check_request(
            employee=clearance.employee,
            level=clearance.level,
            temporary=clearance.temporary,
            valid_from=clearance.valid_from,
            valid_until=clearance.valid_until,
        )
    return subject_decide(
        actor=actor,
        subject=clearance,
        waiting=Clearance.Status.REQUESTED,
        outcome=outcome,
        comment=comment,
    )


def clearance_chain_finished(*, chain: ApprovalChain, actor) -> None:
    clearance, granted = subject_settle(
        chain=chain,
        model=Clearance,
        actor=actor,
        approved=Clearance.Status.GRANTED,
        rejected=Clearance.Status.REJECTED,
    )
    if granted:
        dossier_entry_add(
            actor=actor,
            employee=clearance.employee,
            kind=DossierEntry.Kind.OTHER,
            occurred_on=timezone.localdate(),
            title=str(clearance),
            detail=_("Granted, valid %(start)s – %(end)s")
            % {"start": clearance.valid_from, "end": clearance.valid_until or "—"},
            check=False,
        )


@transaction.atomic
def clearance_requests_cancel_of(*, actor, employee, reason: str) -> int:
    """A leaver's clearance requests in approval end with them. Callers check their own
    rights (offboarding, on the person's departure)."""
    return subjects_cancel(
        actor=actor,
        reason=reason,
        cancelled_status=Clearance.Status.CANCELLED,
        subjects=Clearance.objects.filter(employee=employee, status=Clearance.Status.REQUESTED),
    )


@transaction.atomic
def review_record(*, actor, employee, result: str, note: str = "") -> PeriodicReview:
    """C7: record a periodic review; an adverse result suspends every clearance at once."""
    if not actor.has_perm("clearance.add_periodicreview"):
        raise PermissionDenied
    review = PeriodicReview(
        employee=employee,
        reviewed_on=timezone.localdate(),
        reviewer=actor,
        result=result,
        note=note.strip(),
    )
    _save(review, actor)
    if result == PeriodicReview.Result.ADVERSE:
        for clearance in Clearance.objects.select_for_update().filter(
            employee=employee, status=Clearance.Status.GRANTED
        ):
            transition(clearance, Clearance.Status.SUSPENDED)
            clearance.ended_on = review.reviewed_on
            _save(clearance, actor)
    dossier_entry_add(
        actor=actor,
        employee=employee,
        kind=DossierEntry.Kind.VETTING,
        occurred_on=review.reviewed_on,
        title=_("Periodic confidentiality review"),
        detail=f"{review.get_result_display()} {review.note}".strip(),
        check=False,
    )
    return review


@transaction.atomic
def reviews_record(*, actor, employees, result: str, note: str = "") -> int:
    """C7 for the people ticked on the list of reviews due: the same result and note for each,
    one review each, all in one transaction (a refusal records none)."""
    for employee in employees:
        review_record(actor=actor, employee=employee, result=result, note=note)
    return len(employees)


@transaction.atomic
def clearances_end_beyond(*, actor, employee) -> int:
    """C1: when someone's tier drops (a move out of a secret post), permanent clearances
    above the new ceiling end at once. Callers check their own rights."""
    ceiling = level_rank(tier_ceiling(employee.tier))
    ended = 0
    for clearance in Clearance.objects.select_for_update().filter(
        employee=employee, status=Clearance.Status.GRANTED, temporary=False
    ):
        if level_rank(clearance.level) > ceiling:
            clearance_expire(actor=actor, clearance=clearance, on=timezone.localdate())
            ended += 1
    return ended


def clearance_expire(*, actor, clearance: Clearance, on) -> None:
    """End a granted clearance (its end date passed, or the tier dropped below it). The
    caller holds the row's lock."""
    transition(clearance, Clearance.Status.EXPIRED)
    clearance.ended_on = on
    _save(clearance, actor)
