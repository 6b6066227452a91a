"""Starting chains and deciding steps: locked, checked, recorded, notified."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.history import save_recorded as _save
from core.errors import DomainError
from core.notifications import notify
from core.people import person_name
from core.transitions import transition
from personnel.models import Department
from personnel.selectors import require_may_receive_access

from .models import ApprovalChain, ApprovalStep, Decision
from .registry import kind_get
from .selectors import step_deciders, user_may_decide


@dataclass(frozen=True)
class StepSpec:
    name: str
    role: str = ""
    also_role: str = ""  # members of this role may decide too (steps without a department)
    department: Department | None = None
    person: object = None  # a User
    required_deciders: int = 1


@transaction.atomic
def chain_start(
    *, actor, kind, subject, title, requested_by=None, concerns=None, steps
) -> ApprovalChain:
    if not steps:
        raise DomainError(_("An approval chain needs at least one step."))
    if any(spec.also_role and spec.department for spec in steps):
        raise ValueError("a step with a second role has no department")
    chain = ApprovalChain(
        kind=kind,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        title=title,
        requested_by=requested_by,
        concerns=concerns,
    )
    _save(chain, actor)
    for order, spec in enumerate(steps, start=1):
        step = ApprovalStep(
            chain=chain,
            order=order,
            name=spec.name,
            role=spec.role,
            also_role=spec.also_role,
            department=spec.department,
            person=spec.person,
            required_deciders=spec.required_deciders,
        )
        _save(step, actor)
    _step_reach(chain.steps.order_by("order").first(), actor)
    return chain


def _step_reach(step: ApprovalStep, actor) -> None:
    transition(step, ApprovalStep.Status.PENDING)
    step.reached_at = timezone.now()
    _save(step, actor)
    notify(
        recipients=step_deciders(step),
        subject=_("Waiting for your approval: %(title)s") % {"title": step.chain.title},
        body=_("Step “%(step)s” waits for your decision.") % {"step": step.name},
        link=kind_get(step.chain.kind).subject_url(step.chain),
        dedupe_key=f"approvals:reached:{step.pk}",
    )


@transaction.atomic
def subject_decide(*, actor, subject, waiting, outcome: str, comment: str = "") -> Decision:
    """The one way a subject with a chain is decided: the subject's row is locked, it must
    still be waiting (`waiting`: its status while in approval), then its chain's current step
    is decided. What follows a final decision runs in the kind's `on_finished`."""
    subject = type(subject).objects.select_for_update().get(pk=subject.pk)
    if subject.status != waiting or subject.chain_id is None:
        raise DomainError(_("This request is not waiting for approval."))
    step = subject.chain.current_step()
    if step is None:
        raise DomainError(_("This request has already been decided."))
    return step_decide(actor=actor, step=step, outcome=outcome, comment=comment)


def subject_settle(*, chain, model, actor, approved, rejected):
    """The subject's side of a finished chain (called from its kind's `on_finished`): its
    row locked and moved to `approved` or `rejected` through its table. Returns the subject
    and whether the chain approved it."""
    subject = model.objects.select_for_update().get(chain=chain)
    approved_it = chain.status == ApprovalChain.Status.APPROVED
    transition(subject, approved if approved_it else rejected)
    _save(subject, actor)
    return subject, approved_it


@transaction.atomic
def step_decide(*, actor, step: ApprovalStep, outcome: str, comment: str = "") -> Decision:
    """Record one decision on the chain's current step.

    The step row is locked, so of two concurrent decisions the second sees the first's
    result: a step that needed one decider refuses it as already decided.
    """
    step = ApprovalStep.objects.select_for_update().select_related("chain").get(pk=step.pk)
    chain = ApprovalChain.objects.select_for_update().get(pk=step.chain_id)
    _check_may_decide(actor, step, chain, outcome, comment)
    decision = Decision(step=step, decider=actor, outcome=outcome, comment=comment.strip())
    _save(decision, actor)
    if outcome == Decision.Outcome.REJECT:
        _chain_reject(chain, step, actor, decision)
    elif step.decisions.filter(outcome=Decision.Outcome.APPROVE).count() >= step.required_deciders:
        _step_approve(chain, step, actor)
    return decision


def _check_may_decide(actor, step, chain, outcome, comment) -> None:
    if chain.status != ApprovalChain.Status.PENDING:
        raise DomainError(_("This request has already been decided."))
    if step.status != ApprovalStep.Status.PENDING:
        raise DomainError(_("This step is not waiting for a decision."))
    if actor.pk in (chain.requested_by_id, chain.concerns_id):  # None never matches
        raise DomainError(_("Nobody decides their own request."))
    if not user_may_decide(actor, step):
        raise DomainError(_("You may not decide this step."))
    if step.decisions.filter(decider=actor).exists():
        raise DomainError(_("You have already decided this step."))
    if outcome not in Decision.Outcome.values:
        raise DomainError(_("Unknown decision."))
    if outcome == Decision.Outcome.REJECT and not comment.strip():
        raise DomainError(_("A rejection needs a reason."))
    if outcome == Decision.Outcome.APPROVE:
        _check_beneficiary(chain)


def _check_beneficiary(chain) -> None:
    beneficiary = kind_get(chain.kind).beneficiary
    person = beneficiary(chain) if beneficiary else None
    if person is not None:
        require_may_receive_access(person)


def _step_approve(chain, step, actor) -> None:
    transition(step, ApprovalStep.Status.APPROVED)
    step.decided_at = timezone.now()
    _save(step, actor)
    following = chain.steps.filter(order__gt=step.order).order_by("order").first()
    if following:
        _step_reach(following, actor)
    else:
        _chain_finish(chain, ApprovalChain.Status.APPROVED, actor)


def _chain_reject(chain, step, actor, decision) -> None:
    transition(step, ApprovalStep.Status.REJECTED)
    step.decided_at = timezone.now()
    _save(step, actor)
    for later in chain.steps.filter(status=ApprovalStep.Status.WAITING):
        transition(later, ApprovalStep.Status.CANCELLED)
        _save(later, actor)
    _chain_finish(chain, ApprovalChain.Status.REJECTED, actor)
    # The requester, the person concerned and everyone earlier in the chain are told.
    earlier = [
        d.decider for d in Decision.objects.filter(step__chain=chain).select_related("decider")
    ]
    notify(
        recipients=[chain.requested_by, chain.concerns, *earlier],
        subject=_("Rejected: %(title)s") % {"title": chain.title},
        body=_("Step “%(step)s” was rejected by %(who)s: %(reason)s")
        % {"step": step.name, "who": person_name(actor), "reason": decision.comment},
        link=kind_get(chain.kind).subject_url(chain),
        dedupe_key=f"approvals:rejected:{chain.pk}",
    )


def _chain_finish(chain, status, actor) -> None:
    transition(chain, status)
    chain.finished_at = timezone.now()
    _save(chain, actor)
    kind = kind_get(chain.kind)
    if kind.on_finished:
        kind.on_finished(chain=chain, actor=actor)


@transaction.atomic
def chain_cancel(*, actor, chain: ApprovalChain, reason: str = "") -> ApprovalChain:
    """Withdraw a pending chain (the subject app checks who may). With a reason, the
    requester, the person concerned and whoever the current step waited for are told."""
    chain = ApprovalChain.objects.select_for_update().get(pk=chain.pk)
    if chain.status != ApprovalChain.Status.PENDING:
        raise DomainError(_("This request has already been decided."))
    current = chain.current_step()
    waited_for = list(step_deciders(current)) if current else []
    for step in chain.steps.filter(
        status__in=[ApprovalStep.Status.WAITING, ApprovalStep.Status.PENDING]
    ):
        transition(step, ApprovalStep.Status.CANCELLED)
        _save(step, actor)
    transition(chain, ApprovalChain.Status.CANCELLED)
    chain.finished_at = timezone.now()
    _save(chain, actor)
    if reason:
        notify(
            recipients=[chain.requested_by, chain.concerns, *waited_for],
            subject=_("Cancelled: %(title)s") % {"title": chain.title},
            body=reason,
            link=kind_get(chain.kind).subject_url(chain),
            dedupe_key=f"approvals:cancelled:{chain.pk}",
        )
    return chain


def subjects_cancel(*, actor, subjects, cancelled_status: str, reason: str) -> int:
    """End every subject in `subjects` (a queryset of requests in approval): its chain is
    cancelled with the reason (so it leaves every inbox) and its status set, with history.
    The subject app checks who may."""
    cancelled = 0
    for subject in subjects.select_for_update():
        if subject.chain_id:
            chain_cancel(actor=actor, chain=subject.chain, reason=reason)
        transition(subject, cancelled_status)
        _save(subject, actor)
        cancelled += 1
    return cancelled
