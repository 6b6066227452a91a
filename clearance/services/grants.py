"""Clearance grants through the shared approval chain; temporary clearances; reviews."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import ApprovalChain
from approvals.selectors import holds_role
from approvals.services import StepSpec, chain_start, step_decide, subjects_cancel
from audit.history import save_recorded as _save
from audit.notifications import notify
from core.classification import Level, level_rank
from core.errors import DomainError
from personnel.models import DossierEntry, Employee, Tier, tier_ceiling
from personnel.roles import Role, role_members
from personnel.services import dossier_entry_add

from .approval_kinds import CLEARANCE_KIND
from .models import Clearance, PeriodicReview


def _is_head_of(user, employee) -> bool:
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
                "level": Level(level).label, "tier": Tier(employee.tier).label,
                "ceiling": Level(tier_ceiling(employee.tier)).label,
            }
        )  # fmt: skip


@transaction.atomic
def clearance_request(
    *, actor, employee, level, reason, valid_from, valid_until=None, temporary=False
) -> Clearance:
    """HR or the person's department head asks; the head's step is done by asking, then
    the security office decides."""
    if not (actor.has_perm("clearance.add_clearance") or _is_head_of(actor, employee)):
        raise PermissionDenied
    if not reason.strip():
        raise DomainError(_("Please give the reason."))
    _check_request(employee=employee, level=level, temporary=temporary,
                   valid_from=valid_from, valid_until=valid_until)  # fmt: skip
    clearance = Clearance(
        employee=employee, level=level, temporary=temporary, valid_from=valid_from,
        valid_until=valid_until, reason=reason.strip(), requested_by=actor,
    )  # fmt: skip
    _save(clearance, actor)
    head_leaving = employee.department.head_id in (None, employee.pk)
    steps = [
        StepSpec(_("Department head"), role=Role.HR_HEAD) if head_leaving
        else StepSpec(_("Department head"), role=Role.DEPT_HEAD, department=employee.department),
        StepSpec(_("Security office"), role=Role.SECURITY_OFFICER),
    ]  # fmt: skip
    clearance.chain = chain_start(
        actor=actor, kind=CLEARANCE_KIND, subject=clearance, title=str(clearance),
        requested_by=employee.user, steps=steps,
    )  # fmt: skip
    _save(clearance, actor)
    if _is_head_of(actor, employee):
        step_decide(actor=actor, step=clearance.chain.current_step(), outcome="approve",
                    comment=_("Requested by the department head."))  # fmt: skip
    return clearance


@transaction.atomic
def clearance_decide(*, actor, clearance: Clearance, outcome: str, comment: str = ""):
    clearance = Clearance.objects.select_for_update().get(pk=clearance.pk)
    if clearance.status != Clearance.Status.REQUESTED:
        raise DomainError(_("This clearance is not waiting for approval."))
    step = clearance.chain.current_step()
    if outcome == "approve" and step.role == Role.SECURITY_OFFICER:
        # The ceiling is checked again: the tier may have changed while it waited.
        _check_request(employee=clearance.employee, level=clearance.level,
                       temporary=clearance.temporary, valid_from=clearance.valid_from,
                       valid_until=clearance.valid_until)  # fmt: skip
    return step_decide(actor=actor, step=step, outcome=outcome, comment=comment)


def clearance_chain_finished(*, chain: ApprovalChain, actor) -> None:
    clearance = Clearance.objects.select_for_update().get(chain=chain)
    granted = chain.status == ApprovalChain.Status.APPROVED
    clearance.status = Clearance.Status.GRANTED if granted else Clearance.Status.REJECTED
    _save(clearance, actor)
    if granted:
        dossier_entry_add(
            actor=actor, employee=clearance.employee, kind=DossierEntry.Kind.OTHER,
            occurred_on=timezone.localdate(), title=str(clearance),
            detail=_("Granted, valid %(start)s – %(end)s")
            % {"start": clearance.valid_from, "end": clearance.valid_until or "—"},
            check=False,
        )  # fmt: skip


@transaction.atomic
def clearance_requests_cancel_of(*, actor, employee, reason: str) -> int:
    """A leaver's clearance requests in approval end with them. Callers check their own
    rights (offboarding, on the person's departure)."""
    return subjects_cancel(
        actor=actor, reason=reason, cancelled_status=Clearance.Status.CANCELLED,
        subjects=Clearance.objects.filter(employee=employee, status=Clearance.Status.REQUESTED),
    )  # fmt: skip


def expire_clearances(*, actor, today: datetime.date | None = None) -> dict[str, int]:
    """Daily: mark ended clearances expired (history) and warn a week before the end.
    Whether a clearance counts never waits for this task (selectors check the dates)."""
    today = today or timezone.localdate()
    expired = 0
    ended = Clearance.objects.filter(status=Clearance.Status.GRANTED, valid_until__lt=today)
    for pk in ended.values_list("pk", flat=True):
        with transaction.atomic():
            clearance = Clearance.objects.select_for_update().get(pk=pk)
            if clearance.status != Clearance.Status.GRANTED:
                continue
            clearance.status = Clearance.Status.EXPIRED
            clearance.ended_on = today
            _save(clearance, actor)
            expired += 1
    return {
        "expired": expired,
        "warned": _warn_ending(today),
        "reviews_listed": _list_reviews(today),
    }


def _list_reviews(today) -> int:
    """C7: the security office and each head hear which reviews are due (once a week)."""
    from .selectors import reviews_due

    readers = role_members(Role.SECURITY_OFFICER, Role.DEPT_HEAD)
    year, week, _day = today.isocalendar()
    sent = 0
    for reader in readers:
        due = reviews_due(reader, today)
        if due:
            sent += notify(
                recipients=[reader],
                subject=_("%(n)s periodic reviews are due") % {"n": len(due)},
                body="、".join(person.name for person, _due_on in due[:50]),
                link=reverse("clearance:review_list"),
                dedupe_key=f"clearance:reviews-due:{year}-{week}",
            )
    return sent


def _warn_ending(today) -> int:
    horizon = today + datetime.timedelta(days=settings.CLEARANCE_WARNING_DAYS)
    security = role_members(Role.SECURITY_OFFICER)
    sent = 0
    ending = Clearance.objects.filter(
        status=Clearance.Status.GRANTED, valid_until__gte=today, valid_until__lte=horizon
    ).select_related("employee__user")
    for clearance in ending:
        sent += notify(
            recipients=[clearance.employee.user, *security],
            subject=_("%(what)s ends on %(day)s")
            % {"what": clearance, "day": clearance.valid_until},
            link=reverse("clearance:grant_detail", args=[clearance.pk]),
            dedupe_key=f"clearance:ending:{clearance.pk}",
        )
    return sent


@transaction.atomic
def review_record(*, actor, employee, result: str, note: str = "") -> PeriodicReview:
    """C7: record a periodic review; an adverse result suspends every clearance at once."""
    if not actor.has_perm("clearance.add_periodicreview"):
        raise PermissionDenied
    review = PeriodicReview(employee=employee, reviewed_on=timezone.localdate(),
                            reviewer=actor, result=result, note=note.strip())  # fmt: skip
    _save(review, actor)
    if result == PeriodicReview.Result.ADVERSE:
        for clearance in Clearance.objects.select_for_update().filter(
            employee=employee, status=Clearance.Status.GRANTED
        ):
            clearance.status = Clearance.Status.SUSPENDED
            clearance.ended_on = review.reviewed_on
            _save(clearance, actor)
    dossier_entry_add(
        actor=actor, employee=employee, kind=DossierEntry.Kind.VETTING,
        occurred_on=review.reviewed_on, title=_("Periodic confidentiality review"),
        detail=f"{review.get_result_display()} {review.note}".strip(), check=False,
    )  # fmt: skip
    return review


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
            clearance.status = Clearance.Status.EXPIRED
            clearance.ended_on = timezone.localdate()
            _save(clearance, actor)
            ended += 1
    return ended
