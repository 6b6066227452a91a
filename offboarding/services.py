"""Resignation and offboarding (F1–F9): every write is locked, checked and recorded."""

import dataclasses
import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approvals.models import ApprovalChain, Decision
from approvals.selectors import holds_role, role_holders
from approvals.services import StepSpec, chain_cancel, chain_start, subject_decide
from approvals.steps import department_head_step
from archives.selectors import open_loans_of
from archives.services.loans import loans_cancel_of
from archives.services.reading import reading_requests_cancel_of
from audit.history import save_recorded as _save
from clearance.services.grants import clearance_requests_cancel_of
from clearance.services.travel import travel_requests_cancel_of
from core.access import require_perm
from core.dates import add_months
from core.errors import DomainError
from core.notifications import notify
from core.transitions import transition
from personnel.models import CLASSIFIED_TIERS, Agreement, Employee
from personnel.roles import Role
from personnel.services import accounts as personnel_accounts
from personnel.services import people as personnel
from training import services as training
from training.models import TrainingKind
from training.selectors import training_done

from .models import ChecklistItem, DecryptionPeriod, DepartureChecklist, Resignation

Kind = ChecklistItem.Kind

# F8: told to everyone leaving when the checklist closes (subject, message).
DUTY_REMINDER = (
    gettext_lazy("Your confidentiality duty continues after leaving"),
    gettext_lazy(
        "You remain bound not to disclose any secret you learned here; a leak after "
        "leaving carries legal liability."
    ),
)


def _link(resignation) -> str:
    return reverse("offboarding:resignation_detail", args=[resignation.pk])


def approval_steps(employee) -> list[StepSpec]:
    """F2–F3: department head's opinion form, admin department, its head, the VP, the GM.
    A head who resigns does not sign for themselves: the admin head does."""
    opinion = _("Department opinion (special-matters form)")
    return [
        dataclasses.replace(department_head_step(employee), name=opinion),
        StepSpec(_("Admin department opinion"), role=Role.HR),
        StepSpec(_("Admin department head"), role=Role.HR_HEAD),
        StepSpec(_("Vice-president in charge"), role=Role.VP),
        StepSpec(_("General manager"), role=Role.GM),
    ]


# --- Submission (F1) ------------------------------------------------------------------


def _check_notice(*, actor, last_day, override_reason) -> None:
    today = timezone.localdate()
    if last_day < today:
        raise DomainError(_("The last day cannot be in the past."))
    days = settings.RESIGNATION_NOTICE_DAYS
    if (last_day - today).days >= days:
        return
    if override_reason.strip() and actor.has_perm("offboarding.add_resignation"):
        return
    earliest = today + datetime.timedelta(days=days)
    raise DomainError(
        _(
            "A resignation needs at least %(days)s days' notice: the last day must be "
            "%(earliest)s or later (only HR may accept a shorter notice, with a reason)."
        )
        % {"days": days, "earliest": earliest.isoformat()}
    )


@transaction.atomic
def resignation_submit(
    *, actor, employee: Employee, last_day: datetime.date, reason: str, override_reason: str = ""
) -> Resignation:
    """An employee resigns, or HR files it on their behalf; the approval chain starts."""
    employee = Employee.objects.select_for_update().select_related("department").get(pk=employee.pk)
    if employee.user_id != actor.pk:
        require_perm(actor, "offboarding.add_resignation")
    if employee.status != Employee.Status.ACTIVE:
        raise DomainError(_("Only an active employee can resign."))
    if Resignation.objects.filter(employee=employee, status__in=Resignation.OPEN).exists():
        raise DomainError(_("This employee already has a resignation in progress."))
    if not reason.strip():
        raise DomainError(_("Please give the reason for leaving."))
    _check_notice(actor=actor, last_day=last_day, override_reason=override_reason)
    resignation = Resignation(
        employee=employee,
        submitted_by=actor,
        submitted_on=timezone.localdate(),
        last_day=last_day,
        reason=reason.strip(),
        notice_override_reason=override_reason.strip(),
    )
    _save(resignation, actor)
    resignation.chain = chain_start(
        actor=actor,
        kind=Resignation.CHAIN_KIND,
        subject=resignation,
        title=str(resignation),
        # The resigning person is the requester, also when HR files the letter for them.
        requested_by=employee.user,
        steps=approval_steps(employee),
    )
    _save(resignation, actor)
    personnel.employee_lifecycle_set(
        actor=actor, employee=employee, status=Employee.Status.RESIGNING
    )
    return resignation


# --- Approval (F2–F4, F9) --------------------------------------------------------------


@transaction.atomic
def resignation_decide(
    *, actor, resignation: Resignation, outcome: str, comment: str = "", opinion=None
) -> Decision:
    """Decide the current step; on the first step the head fills and signs the opinion form."""
    resignation = Resignation.objects.select_for_update().get(pk=resignation.pk)
    waiting = Resignation.Status.IN_APPROVAL
    step = resignation.chain.current_step() if resignation.status == waiting else None
    if step is None:
        raise DomainError(_("This resignation is not waiting for approval."))
    if step.order == 1 and outcome == Decision.Outcome.APPROVE:
        _opinion_sign(resignation, actor, opinion or {}, comment)
    return subject_decide(
        actor=actor, subject=resignation, waiting=waiting, outcome=outcome, comment=comment
    )


def _opinion_sign(resignation, actor, opinion: dict, comment: str) -> None:
    if not (opinion.get("handover_arrangements") or "").strip():
        raise DomainError(_("The opinion form needs the handover arrangements."))
    resignation.handover_arrangements = opinion["handover_arrangements"].strip()
    resignation.classified_materials = (opinion.get("classified_materials") or "").strip()
    resignation.passwords_held = (opinion.get("passwords_held") or "").strip()
    resignation.head_opinion = comment.strip()
    resignation.head_signed_by = actor
    resignation.head_signed_at = timezone.now()
    _save(resignation, actor)


def resignation_chain_finished(*, chain: ApprovalChain, actor) -> None:
    """Called by approvals inside the deciding transaction."""
    resignation = Resignation.objects.select_for_update().get(chain=chain)
    employee = resignation.employee
    if chain.status == ApprovalChain.Status.APPROVED:
        transition(resignation, Resignation.Status.EXIT)
        resignation.approved_on = timezone.localdate()
        _save(resignation, actor)
        _checklist_open(resignation, actor)
        _decryption_start(resignation, actor)
        leaver_requests_cancel(
            actor=actor,
            employee=employee,
            reason=_("The resignation of %(name)s is approved: requests still open end with it.")
            % {"name": employee.name},
        )
        notify(
            recipients=[employee.user, resignation.submitted_by, _head_user(employee)],
            subject=_("Resignation approved: please start the exit procedure"),
            body=_("Hand over all work before %(day)s and complete the departure checklist.")
            % {"day": resignation.last_day.isoformat()},
            link=_link(resignation),
            dedupe_key=f"offboarding:approved:{resignation.pk}",
        )
    elif chain.status == ApprovalChain.Status.REJECTED:
        transition(resignation, Resignation.Status.REJECTED)
        _save(resignation, actor)
        personnel.employee_lifecycle_set(
            actor=actor, employee=employee, status=Employee.Status.ACTIVE
        )


def _head_user(employee):
    """The department head's login, told of the approval; none when the head is the leaver."""
    head = employee.department.head
    return head.user if head and head.user_id and head.pk != employee.pk else None


@transaction.atomic
def resignation_withdraw(*, actor, resignation: Resignation) -> Resignation:
    resignation = Resignation.objects.select_for_update().get(pk=resignation.pk)
    is_hr = actor.has_perm("offboarding.change_resignation")
    if not is_hr and actor.pk not in (resignation.submitted_by_id, resignation.employee.user_id):
        raise DomainError(_("Only the employee, who filed it or HR may withdraw it."))
    if resignation.status != Resignation.Status.IN_APPROVAL:
        raise DomainError(_("Only a resignation still in approval can be withdrawn."))
    chain_cancel(actor=actor, chain=resignation.chain)
    transition(resignation, Resignation.Status.WITHDRAWN)
    _save(resignation, actor)
    personnel.employee_lifecycle_set(
        actor=actor, employee=resignation.employee, status=Employee.Status.ACTIVE
    )
    return resignation


# --- Departure checklist (F5–F8, C1) ---------------------------------------------------


def checklist_items_for(employee) -> list[tuple[str, str, object]]:
    """(item, role that signs it, department scope) for this person's checklist."""
    head = department_head_step(employee)
    items = [
        (Kind.HANDOVER, head.role, head.department),
        (Kind.CLASSIFIED_RETURN, Role.ARCHIVIST, None),
        (Kind.CREDENTIALS, head.role, head.department),
        (Kind.ACCESS_REVOKED, Role.IT_ADMIN, None),
        (Kind.EQUIPMENT, Role.IT_ADMIN, None),
        (Kind.EXIT_EDUCATION, Role.HR, None),
        (Kind.EXIT_COMMITMENT, Role.HR, None),
    ]
    if employee.department.is_technical:
        items.append((Kind.BILATERAL, Role.HR, None))
    items.append((Kind.LEAVING_DOCUMENTS, Role.HR, None))
    return items


def _checklist_open(resignation, actor) -> DepartureChecklist:
    checklist = DepartureChecklist(resignation=resignation)
    _save(checklist, actor)
    items = []
    for order, (kind, role, department) in enumerate(
        checklist_items_for(resignation.employee), start=1
    ):
        item = ChecklistItem(
            checklist=checklist, kind=kind, order=order, role=role, department=department
        )
        _save(item, actor)
        items.append(item)
    # The leaver's education before leaving: its item waits for their attendance.
    training.assign(actor=actor, employee=resignation.employee, kind=TrainingKind.EXIT)
    _signers_tell(resignation, items)
    return checklist


def _signers_tell(resignation, items) -> None:
    """Each signer hears once which items wait for them (the leaving documents too: they
    are HR's, last)."""
    waiting: dict = {}
    for item in items:
        for user in role_holders([item.role], item.department_id):
            if user.pk != resignation.employee.user_id:
                waiting.setdefault(user, []).append(item.get_kind_display())
    for user, labels in waiting.items():
        notify(
            recipients=[user],
            subject=_("Departure checklist of %(name)s: items wait for your signature")
            % {"name": resignation.employee.name},
            body=_("Please sign when done: %(items)s.") % {"items": "、".join(labels)},
            link=_link(resignation),
            dedupe_key=f"offboarding:checklist-signer:{resignation.pk}",
        )


def leaver_requests_cancel(*, actor, employee, reason: str) -> None:
    """Issue 13: on the approval of leaving and again on departure, the person's loans not
    yet handed out, reading, clearance and travel requests end, each through its own app.
    Callers check their own rights."""
    for cancel in (
        loans_cancel_of,
        reading_requests_cancel_of,
        clearance_requests_cancel_of,
        travel_requests_cancel_of,
    ):
        cancel(actor=actor, employee=employee, reason=reason)


def _departure_reason(employee) -> str:
    return _("%(name)s has left: requests still open end with them.") % {"name": employee.name}


@transaction.atomic
def login_deactivate(*, actor, employee) -> None:
    """Switch the leaver's login off; what they still had open ends with it."""
    personnel_accounts.login_deactivate(actor=actor, employee=employee)
    leaver_requests_cancel(actor=actor, employee=employee, reason=_departure_reason(employee))


def _decryption_start(resignation, actor) -> DecryptionPeriod | None:
    employee = resignation.employee
    if employee.tier not in CLASSIFIED_TIERS:
        return None
    starts_on = resignation.approved_on
    period = DecryptionPeriod(
        employee=employee,
        resignation=resignation,
        tier=employee.tier,
        starts_on=starts_on,
        ends_on=add_months(starts_on, settings.DECRYPTION_MONTHS[employee.tier]),
        supervising_unit=settings.DECRYPTION_SUPERVISING_UNIT,
    )
    _save(period, actor)
    personnel.employee_lifecycle_set(
        actor=actor, employee=employee, decryption_ends_on=period.ends_on
    )
    return period


def may_sign(user, item: ChecklistItem) -> bool:
    return holds_role(user, item.role, item.department_id)


@transaction.atomic
def checklist_item_sign(*, actor, item: ChecklistItem, note: str = "") -> ChecklistItem:
    item = (
        ChecklistItem.objects.select_for_update()
        .select_related("checklist__resignation__employee__department")
        .get(pk=item.pk)
    )
    checklist = item.checklist
    employee = checklist.resignation.employee
    if checklist.closed_at:
        raise DomainError(_("The checklist is closed."))
    if item.signed:
        raise DomainError(_("This item is already signed."))
    if employee.user_id == actor.pk:
        raise DomainError(_("Nobody signs their own departure checklist."))
    if not may_sign(actor, item):
        raise DomainError(_("You may not sign this item."))
    if (
        item.kind == Kind.LEAVING_DOCUMENTS
        and checklist.items.exclude(pk=item.pk).filter(signed_at__isnull=True).exists()
    ):
        raise DomainError(_("Leaving documents are issued only when every other item is done."))
    if item.kind == Kind.CLASSIFIED_RETURN:
        _check_loans_returned(employee)
    if item.kind == Kind.EXIT_EDUCATION:
        _check_exit_education(checklist, employee)
    if item.kind == Kind.ACCESS_REVOKED:
        _check_last_day(checklist, _("System access is revoked"))
    _item_effects(item, actor, employee)
    item.signed_by = actor
    item.signed_at = timezone.now()
    item.note = note.strip()
    _save(item, actor)
    return item


def _check_loans_returned(employee) -> None:
    """F5 and A4: classified documents are returned only when no loan is still out."""
    count = open_loans_of(employee).count()
    if count:
        raise DomainError(
            _("%(n)s archive loans are still out: take them back in the loan register first.")
            % {"n": count}
        )


def _check_exit_education(checklist, employee) -> None:
    """The exit education item waits for the leaver's education before leaving, assigned
    when the checklist opened, to be attended (or its exam passed)."""
    since = timezone.localdate(checklist.opened_at).replace(day=1)
    if not training_done(employee, TrainingKind.EXIT, since=since):
        raise DomainError(
            _(
                "%(name)s has not attended the education before leaving yet: record the "
                "attendance of its session (or the passed exam) first."
            )
            % {"name": employee.name}
        )


def _before_last_day(checklist) -> bool:
    return timezone.localdate() < checklist.resignation.last_day


def _check_last_day(checklist, what: str) -> None:
    """Access and departure wait for the last working day, unless HR recorded why not."""
    if _before_last_day(checklist) and not checklist.early_reason:
        raise DomainError(
            _(
                "%(what)s only from the last working day (%(day)s), unless HR first records "
                "the reason for finishing early."
            )
            % {"what": what, "day": checklist.resignation.last_day.isoformat()}
        )


def _item_effects(item, actor, employee) -> None:
    today = timezone.localdate()
    if item.kind == Kind.EXIT_COMMITMENT:
        personnel.agreement_add(
            actor=actor, employee=employee, kind=Agreement.Kind.EXIT_COMMITMENT, signed_on=today
        )
    elif item.kind == Kind.BILATERAL:
        personnel.agreement_add(
            actor=actor, employee=employee, kind=Agreement.Kind.BILATERAL, signed_on=today
        )
    elif item.kind == Kind.ACCESS_REVOKED:
        resignation = item.checklist.resignation
        # Signed early (HR recorded why), or after the last day: revoked at once.
        if resignation.last_day < today or _before_last_day(item.checklist):
            login_deactivate(actor=actor, employee=employee)
        else:
            from .tasks import access_revoke_due

            at_end = timezone.make_aware(
                datetime.datetime.combine(resignation.last_day, datetime.time(23, 59, 59))
            )
            transaction.on_commit(lambda: access_revoke_due.apply_async(eta=at_end))


@transaction.atomic
def checklist_close(*, actor, checklist: DepartureChecklist) -> DepartureChecklist:
    """F5/F6: closes only with every item signed; the person has then left."""
    require_perm(actor, "offboarding.change_resignation")
    checklist = (
        DepartureChecklist.objects.select_for_update()
        .select_related("resignation")
        .get(pk=checklist.pk)
    )
    if checklist.closed_at:
        raise DomainError(_("The checklist is closed."))
    _check_last_day(checklist, _("The checklist closes"))
    open_items = [str(item) for item in checklist.items.filter(signed_at__isnull=True)]
    if open_items:
        raise DomainError(
            _("The checklist cannot be closed while items are open: %(items)s")
            % {"items": "、".join(open_items)}
        )
    checklist.closed_at = timezone.now()
    checklist.closed_by = actor
    _save(checklist, actor)
    resignation = Resignation.objects.select_for_update().get(pk=checklist.resignation_id)
    transition(resignation, Resignation.Status.COMPLETED)
    _save(resignation, actor)
    personnel.employee_lifecycle_set(
        actor=actor, employee=resignation.employee, status=Employee.Status.DEPARTED
    )
    leaver_requests_cancel(
        actor=actor, employee=resignation.employee, reason=_departure_reason(resignation.employee)
    )
    # F8: the login is usually off by now (access revoked): the reminder goes by e-mail
    # all the same, and the closed checklist's page shows it to who hands it over.
    notify(
        recipients=[resignation.employee.user],
        subject=str(DUTY_REMINDER[0]),
        body=str(DUTY_REMINDER[1]),
        link=_link(resignation),
        dedupe_key=f"offboarding:reminder-duty:{resignation.pk}",
        include_inactive=True,
    )
    return checklist


@transaction.atomic
def checklist_early_reason_set(
    *, actor, checklist: DepartureChecklist, reason: str
) -> DepartureChecklist:
    """HR records why access may be revoked and the checklist closed before the last day."""
    require_perm(actor, "offboarding.change_resignation")
    checklist = DepartureChecklist.objects.select_for_update().get(pk=checklist.pk)
    if checklist.closed_at:
        raise DomainError(_("The checklist is closed."))
    if not reason.strip():
        raise DomainError(_("Please give the reason for finishing before the last day."))
    checklist.early_reason = reason.strip()
    _save(checklist, actor)
    return checklist
