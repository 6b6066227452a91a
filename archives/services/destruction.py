"""Destruction of items past their retention (A8): proposed by the clerk, approved by the
archive's manager and the security office, then recorded with method, date and two
witnesses. Never sold as waste paper; the item stays in the catalogue as destroyed."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import ApprovalChain
from approvals.services import StepSpec, chain_start, subject_decide, subject_settle
from audit.history import save_recorded as _save
from core.access import require_perm
from core.errors import DomainError
from core.notifications import notify
from core.transitions import transition
from personnel.models import Employee
from personnel.roles import Role, role_members

from ..models import ArchiveItem, Destruction
from ..selectors import visible_items
from .catalogue import archive_head_step

OPEN = (Destruction.Status.PROPOSED, Destruction.Status.APPROVED)


def past_retention(user, today: datetime.date | None = None):
    """Items the user sees whose retention has ended and that wait for a proposal."""
    today = today or timezone.localdate()
    return (
        visible_items(user)
        .filter(retention_until__lte=today, status=ArchiveItem.Status.IN_STORE)
        .exclude(destructions__status__in=OPEN)
    )


@transaction.atomic
def destruction_propose(*, actor, item: ArchiveItem, reason: str) -> Destruction:
    require_perm(actor, "archives.add_destruction")
    if not visible_items(actor).filter(pk=item.pk).exists():
        raise PermissionDenied
    item = ArchiveItem.objects.select_for_update().get(pk=item.pk)
    if item.retention_until is None or item.retention_until > timezone.localdate():
        raise DomainError(
            _("The item's retention period has not ended (until %(day)s).")
            % {"day": item.retention_until}
        )
    if item.status != ArchiveItem.Status.IN_STORE:
        raise DomainError(_("Only an item in store can be destroyed."))
    if item.destructions.filter(status__in=OPEN).exists():
        raise DomainError(_("A destruction of this item is already under way."))
    if not reason.strip():
        raise DomainError(_("Please give the reason."))
    destruction = Destruction(item=item, reason=reason.strip(), proposed_by=actor)
    _save(destruction, actor)
    destruction.chain = chain_start(
        actor=actor,
        kind=Destruction.CHAIN_KIND,
        subject=destruction,
        title=_("Destruction No. %(pk)s") % {"pk": destruction.pk},
        requested_by=actor,
        steps=[archive_head_step(), StepSpec(_("Security office"), role=Role.SECURITY_OFFICER)],
    )
    _save(destruction, actor)
    return destruction


def destruction_decide(*, actor, destruction: Destruction, outcome: str, comment: str = ""):
    return subject_decide(
        actor=actor,
        subject=destruction,
        waiting=Destruction.Status.PROPOSED,
        outcome=outcome,
        comment=comment,
    )


def destruction_chain_finished(*, chain: ApprovalChain, actor) -> None:
    destruction, approved = subject_settle(
        chain=chain,
        model=Destruction,
        actor=actor,
        approved=Destruction.Status.APPROVED,
        rejected=Destruction.Status.REJECTED,
    )
    if approved:
        notify(
            recipients=role_members(Role.ARCHIVIST),
            subject=_("Destruction No. %(pk)s approved") % {"pk": destruction.pk},
            link=reverse("archives:destruction_detail", args=[destruction.pk]),
            dedupe_key=f"archives:destruction:{destruction.pk}:approved",
        )


def _check_witnesses(witness_1, witness_2) -> None:
    if witness_1 is None or witness_2 is None or witness_1.pk == witness_2.pk:
        raise DomainError(_("A destruction needs two different witnesses."))
    for witness in (witness_1, witness_2):
        if witness.status != Employee.Status.ACTIVE:
            raise DomainError(_("A witness must be an active employee."))


@transaction.atomic
def destruction_record(
    *,
    actor,
    destruction: Destruction,
    method: str,
    destroyed_on: datetime.date,
    witness_1: Employee,
    witness_2: Employee,
) -> Destruction:
    require_perm(actor, "archives.change_destruction")
    destruction = Destruction.objects.select_for_update().get(pk=destruction.pk)
    if not visible_items(actor).filter(pk=destruction.item_id).exists():
        raise PermissionDenied
    if destruction.status != Destruction.Status.APPROVED:
        raise DomainError(_("Only an approved destruction can be recorded."))
    if method not in Destruction.Method.values:
        raise DomainError(_("Choose how the item was destroyed."))
    if destroyed_on > timezone.localdate():
        raise DomainError(_("The destruction cannot lie in the future."))
    _check_witnesses(witness_1, witness_2)
    destruction.method, destruction.destroyed_on = method, destroyed_on
    destruction.witness_1, destruction.witness_2 = witness_1, witness_2
    transition(destruction, Destruction.Status.DONE)
    _save(destruction, actor)
    item = ArchiveItem.objects.select_for_update().get(pk=destruction.item_id)
    transition(item, ArchiveItem.Status.DESTROYED)
    _save(item, actor)
    return destruction


def retention_sweep(*, today: datetime.date) -> dict[str, int]:
    """Once a week each clerk hears how many items they see wait for a destruction proposal."""
    year, week, _day = today.isocalendar()
    sent = 0
    for clerk in role_members(Role.ARCHIVIST):
        count = past_retention(clerk, today).count()
        if count:
            sent += notify(
                recipients=[clerk],
                subject=_("%(n)s archive items are past their retention") % {"n": count},
                link=reverse("archives:destruction_list"),
                dedupe_key=f"archives:retention:{year}-{week}",
            )
    return {"retention_notices": sent}
