"""Loans (外借, A4): at most 3 days (a setting), never more copies than the archive holds;
handed out and taken back by the clerk with the borrower's signature; the daily sweep."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import ApprovalChain
from approvals.services import StepSpec, chain_cancel, chain_start, subject_decide, subject_settle
from approvals.steps import department_head_step
from audit.history import save_recorded as _save
from core.access import require_perm
from core.classification import Level
from core.errors import DomainError
from core.notifications import notify
from core.transitions import transition
from personnel.roles import Role, role_members
from personnel.selectors import require_may_receive_access

from ..models import (
    GRANTING_LOAN_STATUSES,
    OPEN_LOAN_STATUSES,
    PENDING_LOAN_STATUSES,
    ArchiveItem,
    Loan,
)
from ..selectors import employee_of, requestable_items, visible_items
from .reading import two_person_step

LENDABLE = (ArchiveItem.Status.IN_STORE, ArchiveItem.Status.ON_LOAN)


def loan_steps(item, borrower) -> list[StepSpec]:
    """A4: the borrower's head, the information-management specialist; for 绝密 also
    two-person authorization (C4)."""
    steps = [
        department_head_step(borrower),
        StepSpec(_("Information-management specialist"), role=Role.INFO_SPECIALIST),
    ]
    if item.level == Level.TOP_SECRET:
        steps.append(two_person_step())
    return steps


def copies_out(item, statuses=OPEN_LOAN_STATUSES, excluding=None) -> int:
    loans = Loan.objects.filter(item=item, status__in=statuses)
    if excluding is not None:
        loans = loans.exclude(pk=excluding.pk)
    return loans.aggregate(n=Sum("copies"))["n"] or 0


def _check_period(due_date: datetime.date, today: datetime.date) -> None:
    if due_date < today:
        raise DomainError(_("The due date cannot lie in the past."))
    if (due_date - today).days > settings.LOAN_MAX_DAYS:
        limit = settings.LOAN_MAX_DAYS
        raise DomainError(_("A loan lasts at most %(days)s days.") % {"days": limit})


def _check_copies(item, copies: int, reserved: int) -> None:
    if copies < 1:
        raise DomainError(_("Borrow at least one copy."))
    available = item.copies - reserved
    if copies > available:
        raise DomainError(
            _("Only %(n)s of %(total)s copies are available.")
            % {"n": max(available, 0), "total": item.copies}
        )


@transaction.atomic
def loan_apply(
    *, actor, item: ArchiveItem, copies: int, reason: str, due_date: datetime.date
) -> Loan:
    """The borrower applies; their department head signs, the specialist approves (A4), and a
    绝密 item also needs two-person authorization (C4)."""
    borrower = employee_of(actor)
    if borrower is None or not requestable_items(actor).filter(pk=item.pk).exists():
        raise PermissionDenied
    item = ArchiveItem.objects.select_for_update().get(pk=item.pk)
    if item.status not in LENDABLE:
        raise DomainError(_("This item cannot be lent now."))
    if not reason.strip():
        raise DomainError(_("Please give the reason."))
    _check_period(due_date, timezone.localdate())
    _check_copies(item, copies, copies_out(item, GRANTING_LOAN_STATUSES))
    loan = Loan(
        item=item,
        borrower=borrower,
        copies=copies,
        reason=reason.strip(),
        due_date=due_date,
        requested_by=actor,
    )
    _save(loan, actor)
    loan.chain = chain_start(
        actor=actor,
        kind=Loan.CHAIN_KIND,
        subject=loan,
        title=_("Loan No. %(pk)s · %(borrower)s") % {"pk": loan.pk, "borrower": borrower.name},
        requested_by=actor,
        concerns=actor,
        steps=loan_steps(item, borrower),
    )
    _save(loan, actor)
    return loan


def loan_decide(*, actor, loan: Loan, outcome: str, comment: str = ""):
    return subject_decide(
        actor=actor, subject=loan, waiting=Loan.Status.REQUESTED, outcome=outcome, comment=comment
    )


def loan_chain_finished(*, chain: ApprovalChain, actor) -> None:
    loan, approved = subject_settle(
        chain=chain,
        model=Loan,
        actor=actor,
        approved=Loan.Status.APPROVED,
        rejected=Loan.Status.REJECTED,
    )
    if approved:
        notify(
            recipients=[loan.borrower.user, *role_members(Role.ARCHIVIST)],
            subject=_("Loan No. %(pk)s approved: to be handed out") % {"pk": loan.pk},
            link=reverse("archives:loan_detail", args=[loan.pk]),
            dedupe_key=f"archives:loan:{loan.pk}:approved",
        )


def _locked_for_clerk(actor, loan) -> tuple[Loan, ArchiveItem]:
    require_perm(actor, "archives.change_loan")
    loan = Loan.objects.select_for_update().get(pk=loan.pk)
    if not visible_items(actor).filter(pk=loan.item_id).exists():
        raise PermissionDenied
    return loan, ArchiveItem.objects.select_for_update().get(pk=loan.item_id)


@transaction.atomic
def loan_hand_out(*, actor, loan: Loan, borrower_signed: bool) -> Loan:
    """The clerk hands the copies out; the borrower signs the register for them."""
    loan, item = _locked_for_clerk(actor, loan)
    if loan.status != Loan.Status.APPROVED:
        raise DomainError(_("Only an approved loan can be handed out."))
    if not borrower_signed:
        raise DomainError(_("The borrower must sign the register for the copies."))
    require_may_receive_access(loan.borrower)
    if item.status not in LENDABLE:
        raise DomainError(_("This item cannot be lent now."))
    _check_period(loan.due_date, timezone.localdate())
    _check_copies(item, loan.copies, copies_out(item))
    transition(loan, Loan.Status.OUT)
    loan.handed_out_at, loan.handed_out_by, loan.borrower_signed_out = timezone.now(), actor, True
    _save(loan, actor)
    if item.status != ArchiveItem.Status.ON_LOAN:  # another copy may be out already
        transition(item, ArchiveItem.Status.ON_LOAN)
        _save(item, actor)
    return loan


@transaction.atomic
def loan_return(*, actor, loan: Loan, borrower_signed: bool) -> Loan:
    """The clerk takes the copies back and cancels the entry in the register (A4)."""
    loan, item = _locked_for_clerk(actor, loan)
    if loan.status not in OPEN_LOAN_STATUSES:
        raise DomainError(_("This loan is not out."))
    if not borrower_signed:
        raise DomainError(_("The borrower must sign the return in the register."))
    transition(loan, Loan.Status.RETURNED)
    loan.returned_at, loan.received_by, loan.borrower_signed_return = timezone.now(), actor, True
    _save(loan, actor)
    if item.status == ArchiveItem.Status.ON_LOAN and not copies_out(item):
        transition(item, ArchiveItem.Status.IN_STORE)
        _save(item, actor)
    return loan


@transaction.atomic
def loans_cancel_of(*, actor, employee, reason: str) -> int:
    """A leaver's loans not yet handed out end with them; a loan out is left alone, it must
    come back. Callers check their own rights (offboarding, on the person's departure)."""
    cancelled = 0
    for loan in Loan.objects.select_for_update().filter(
        borrower=employee, status__in=PENDING_LOAN_STATUSES
    ):
        if loan.status == Loan.Status.REQUESTED and loan.chain_id:
            chain_cancel(actor=actor, chain=loan.chain, reason=reason)
        else:
            _tell_clerks_cancelled(loan, reason)
        transition(loan, Loan.Status.CANCELLED)
        _save(loan, actor)
        cancelled += 1
    return cancelled


def _tell_clerks_cancelled(loan, reason) -> None:
    """An approved loan waits for the clerk to hand it out: the clerks and the borrower hear
    it will not be."""
    notify(
        recipients=[loan.borrower.user, *role_members(Role.ARCHIVIST)],
        subject=_("Cancelled: %(title)s")
        % {"title": loan.chain.title if loan.chain_id else str(loan)},
        body=reason,
        link=reverse("archives:loan_detail", args=[loan.pk]),
        dedupe_key=f"archives:loan:{loan.pk}:cancelled",
    )


def loans_sweep(*, actor, today: datetime.date) -> dict[str, int]:
    """Remind the day before; mark overdue; tell the clerk and the borrower's head (and the
    borrower) once a day for every day the loan stays out."""
    reminded = sum(
        _remind_due(loan)
        for loan in Loan.objects.filter(
            status=Loan.Status.OUT,
            due_date=today + datetime.timedelta(days=1),
        ).select_related("borrower__user")
    )
    marked = sum(
        _mark_overdue(actor, pk, today)
        for pk in Loan.objects.filter(status=Loan.Status.OUT, due_date__lt=today).values_list(
            "pk", flat=True
        )
    )
    clerks = role_members(Role.ARCHIVIST)
    overdue = Loan.objects.filter(status=Loan.Status.OVERDUE).select_related(
        "borrower__user", "borrower__department__head__user"
    )
    told = sum(_tell_overdue(loan, clerks, today) for loan in overdue)
    return {"loans_reminded": reminded, "loans_marked_overdue": marked, "overdue_notices": told}


def _remind_due(loan) -> int:
    return notify(
        recipients=[loan.borrower.user],
        subject=_("Loan No. %(pk)s is due tomorrow") % {"pk": loan.pk},
        body=_("Please return it by %(day)s.") % {"day": loan.due_date},
        link=reverse("archives:loan_detail", args=[loan.pk]),
        dedupe_key=f"archives:loan:{loan.pk}:due-soon",
    )


def _mark_overdue(actor, pk, today) -> int:
    with transaction.atomic():
        loan = Loan.objects.select_for_update().get(pk=pk)
        if loan.status != Loan.Status.OUT or loan.due_date >= today:
            return 0
        transition(loan, Loan.Status.OVERDUE)
        _save(loan, actor)
        return 1


def _tell_overdue(loan, clerks, today) -> int:
    head = loan.borrower.department.head
    return notify(
        recipients=[*clerks, loan.borrower.user, head.user if head else None],
        subject=_("Loan No. %(pk)s is overdue (due %(day)s)")
        % {"pk": loan.pk, "day": loan.due_date},
        body=_("Borrower: %(name)s.") % {"name": loan.borrower.name},
        link=reverse("archives:loan_detail", args=[loan.pk]),
        dedupe_key=f"archives:loan:{loan.pk}:overdue:{today.isoformat()}",
    )
