"""Reading requests (查阅, A3): approval grants time-limited access to that item only."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import ApprovalChain
from approvals.services import StepSpec, chain_start, subject_decide, subjects_cancel
from approvals.steps import department_head_step
from audit.history import save_recorded as _save
from core.access import require_perm
from core.classification import Level
from core.errors import DomainError
from core.notifications import notify
from core.transitions import transition
from personnel.roles import Role
from personnel.selectors import require_may_receive_access

from ..models import ArchiveItem, ReadingRequest
from ..selectors import employee_of, reaches, requestable_items, user_level, visible_items
from .catalogue import archive_head_step


def two_person_step() -> StepSpec:
    """C4: two distinct members of the confidentiality leadership group or the security
    office; the requester is never one of them (approvals refuses it)."""
    return StepSpec(
        _("Two-person authorization"),
        role=Role.COMMITTEE,
        also_role=Role.SECURITY_OFFICER,
        required_deciders=2,
    )


# A3: every classified level (秘密 as much as 机密 and 绝密) needs the archive's manager.
MANAGER_LEVELS = (Level.CONFIDENTIAL, Level.SECRET, Level.TOP_SECRET)


def reading_steps(item, requester) -> list[StepSpec]:
    """A3: the reader's head (not for an outsider), the archive, for a classified item
    (秘密/机密/绝密) the archive's manager, for 绝密 two-person authorization."""
    steps = [department_head_step(requester)] if requester else []
    steps.append(StepSpec(_("Archive"), role=Role.ARCHIVIST))
    if item.level in MANAGER_LEVELS:
        steps.append(archive_head_step())
    if item.level == Level.TOP_SECRET:
        steps.append(two_person_step())
    return steps


def _check_text(purpose: str, reason: str) -> None:
    if not purpose.strip() or not reason.strip():
        raise DomainError(_("Please give the purpose and the reason."))


def _start(actor, request, requested_by) -> ReadingRequest:
    # The title names no item: the inbox must not show an item above a decider's ceiling.
    title = _("Reading request No. %(pk)s · %(reader)s") % {
        "pk": request.pk,
        "reader": request.reader_name,
    }
    request.chain = chain_start(
        actor=actor,
        kind=ReadingRequest.CHAIN_KIND,
        subject=request,
        title=title,
        requested_by=requested_by,
        concerns=requested_by,
        steps=reading_steps(request.item, request.requester),
    )
    _save(request, actor)
    return request


def _refuse_second_request(item, requester, message: str) -> None:
    if ReadingRequest.objects.filter(
        item=item, requester=requester, status=ReadingRequest.Status.REQUESTED
    ).exists():
        raise DomainError(message)


@transaction.atomic
def reading_request(*, actor, item: ArchiveItem, purpose: str, reason: str) -> ReadingRequest:
    """An employee asks to read an item within their clearance."""
    requester = employee_of(actor)
    if requester is None or not requestable_items(actor).filter(pk=item.pk).exists():
        raise PermissionDenied
    _check_text(purpose, reason)
    _refuse_second_request(
        item, requester, _("You already have a request for this item in approval.")
    )
    request = ReadingRequest(
        item=item,
        requester=requester,
        purpose=purpose.strip(),
        reason=reason.strip(),
        requested_by=actor,
    )
    _save(request, actor)
    return _start(actor, request, actor)


@transaction.atomic
def reading_register_for(
    *, actor, item: ArchiveItem, employee, purpose: str, reason: str
) -> ReadingRequest:
    """The clerk files for an employee who cannot find the item: a 机密/绝密 item shows only to
    its keeper and the archive's overseers. The reader's own clearance still applies."""
    require_perm(actor, "archives.add_readingrequest")
    if not requestable_items(actor).filter(pk=item.pk).exists():
        raise PermissionDenied
    _check_text(purpose, reason)
    require_may_receive_access(employee)
    if employee.user_id is None or not reaches(user_level(employee.user), item.level):
        raise DomainError(
            _("%(name)s is not cleared for an item of this level.") % {"name": employee.name}
        )
    _refuse_second_request(
        item, employee, _("This person already has a request for this item in approval.")
    )
    request = ReadingRequest(
        item=item,
        requester=employee,
        purpose=purpose.strip(),
        reason=reason.strip(),
        requested_by=actor,
    )
    _save(request, actor)
    return _start(actor, request, employee.user)


@transaction.atomic
def reading_register_outsider(
    *,
    actor,
    item: ArchiveItem,
    outsider_name: str,
    outsider_organisation: str,
    introduction_letter,
    purpose: str,
    reason: str,
) -> ReadingRequest:
    """The clerk registers an outsider's request with their introduction letter."""
    require_perm(actor, "archives.add_readingrequest")
    if not visible_items(actor).filter(pk=item.pk).exists():
        raise PermissionDenied
    _check_text(purpose, reason)
    if not outsider_name.strip() or not outsider_organisation.strip():
        raise DomainError(_("Name the outsider and their organisation."))
    if not introduction_letter:
        raise DomainError(_("An outsider's request needs the introduction letter."))
    request = ReadingRequest(
        item=item,
        outsider_name=outsider_name.strip(),
        outsider_organisation=outsider_organisation.strip(),
        introduction_letter=introduction_letter,
        purpose=purpose.strip(),
        reason=reason.strip(),
        requested_by=actor,
    )
    _save(request, actor)
    # A paper request of a person without a login: nobody in the system is its requester.
    return _start(actor, request, None)


def request_decide(*, actor, request: ReadingRequest, outcome: str, comment: str = ""):
    return subject_decide(
        actor=actor,
        subject=request,
        waiting=ReadingRequest.Status.REQUESTED,
        outcome=outcome,
        comment=comment,
    )


def access_until(approved_on: datetime.date) -> datetime.date:
    return approved_on + datetime.timedelta(days=settings.READING_ACCESS_DAYS - 1)


def request_chain_finished(*, chain: ApprovalChain, actor) -> None:
    request = ReadingRequest.objects.select_for_update().get(chain=chain)
    if chain.status == ApprovalChain.Status.APPROVED:
        transition(request, ReadingRequest.Status.APPROVED)
        request.access_until = access_until(timezone.localdate())
    else:
        transition(request, ReadingRequest.Status.REJECTED)
    _save(request, actor)
    if request.requester_id and request.status == ReadingRequest.Status.APPROVED:
        notify(
            recipients=[request.requester.user],
            subject=_("Reading request No. %(pk)s approved") % {"pk": request.pk},
            body=_("You may read the item until %(day)s.") % {"day": request.access_until},
            link=reverse("archives:request_detail", args=[request.pk]),
            dedupe_key=f"archives:reading:{request.pk}:approved",
        )


@transaction.atomic
def request_close(*, actor, request: ReadingRequest) -> ReadingRequest:
    """The reader is done (or the clerk ends it): access ends today."""
    request = ReadingRequest.objects.select_for_update().get(pk=request.pk)
    mine = request.requester_id and request.requester.user_id == actor.pk
    if not (mine or actor.has_perm("archives.add_readingrequest")):
        raise PermissionDenied
    if request.status != ReadingRequest.Status.APPROVED or not request_running(request):
        raise DomainError(_("This request grants no access now."))
    request.access_until = timezone.localdate() - datetime.timedelta(days=1)
    _save(request, actor)
    return request


def request_running(request, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        request.status == ReadingRequest.Status.APPROVED
        and request.access_until is not None
        and request.access_until >= today
    )


@transaction.atomic
def reading_requests_cancel_of(*, actor, employee, reason: str) -> int:
    """A leaver's reading requests in approval end with them, and a running access ends
    today. Callers check their own rights (offboarding, on the person's departure)."""
    pending = ReadingRequest.objects.filter(
        requester=employee, status=ReadingRequest.Status.REQUESTED
    )
    ended = subjects_cancel(
        actor=actor,
        subjects=pending,
        reason=reason,
        cancelled_status=ReadingRequest.Status.CANCELLED,
    )
    today = timezone.localdate()
    for request in ReadingRequest.objects.select_for_update().filter(
        requester=employee, status=ReadingRequest.Status.APPROVED, access_until__gte=today
    ):
        request.access_until = today - datetime.timedelta(days=1)
        _save(request, actor)
        ended += 1
    return ended
