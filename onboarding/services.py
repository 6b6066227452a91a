"""Vetting before hire (O1–O4), the hire gate and the pre-post gate (O6, O7)."""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import ApprovalChain, Decision
from approvals.services import StepSpec, chain_start, subject_decide, subject_settle
from audit.history import require_version
from audit.history import save_recorded as _save
from clearance.services.grants import clearances_end_beyond
from core.access import require_perm
from core.errors import DomainError
from core.transitions import transition
from personnel.models import TIER_RANK, DossierEntry, Employee, Tier
from personnel.roles import Role
from personnel.services import accounts as personnel_accounts
from personnel.services import people as personnel

from .models import Appointment, Candidate, Transfer


@transaction.atomic
def candidate_register(*, actor, **fields) -> Candidate:
    require_perm(actor, "onboarding.add_candidate")
    candidate = Candidate(registered_by=actor, **fields)
    _save(candidate, actor)
    return candidate


@transaction.atomic
def vetting_record(
    *, actor, candidate: Candidate, version: int | None = None, **results
) -> Candidate:
    """Record the checks (A–D), the admin review (O2) and the eligibility conditions (O3).
    `version` is the candidate's when the form was opened: a stale form is refused."""
    require_perm(actor, "onboarding.change_candidate")
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    require_version(candidate, version)
    if candidate.status != Candidate.Status.APPLYING:
        raise DomainError(_("This candidate is no longer applying."))
    allowed = {
        *Candidate.CHECKS,
        *Candidate.CONDITIONS,
        "vetting_note",
        "professional_quality",
        "disciplinary_record",
        "motivation",
        "job_fit",
    }
    for name, value in results.items():
        if name not in allowed:
            raise DomainError(_("Field “%(field)s” cannot be changed here.") % {"field": name})
        setattr(candidate, name, value)
    candidate.vetted_by = actor
    candidate.vetted_on = timezone.localdate()
    _save(candidate, actor)
    return candidate


@transaction.atomic
def candidate_hire(*, actor, candidate: Candidate, employee_no: str, username: str):
    """O4: refused while a check is missing or failed (and, for a secret post, while an
    eligibility condition is unmet). Returns the employee and a one-time password."""
    require_perm(actor, "onboarding.change_candidate")
    candidate = (
        Candidate.objects.select_for_update().select_related("position").get(pk=candidate.pk)
    )
    if candidate.status != Candidate.Status.APPLYING:
        raise DomainError(_("This candidate is no longer applying."))
    missing = candidate.missing_for_hire()
    if missing:
        raise DomainError(_("Cannot hire yet: %(missing)s") % {"missing": "；".join(missing)})
    post = candidate.position
    employee = personnel.employee_create(
        actor=actor,
        employee_no=employee_no,
        name=candidate.name,
        department=candidate.department,
        position=post,
        hire_date=timezone.localdate(),
        id_type=candidate.id_type,
        id_number=candidate.id_number,
    )
    password = f"{secrets.token_urlsafe(10)}7a"  # letters and digits, shown once to HR
    personnel_accounts.login_create(
        actor=actor, employee=employee, username=username, password=password
    )
    transition(candidate, Candidate.Status.HIRED)
    candidate.employee = employee
    _save(candidate, actor)
    personnel.dossier_entry_add(
        actor=actor,
        employee=employee,
        kind=DossierEntry.Kind.VETTING,
        occurred_on=candidate.vetted_on or timezone.localdate(),
        title=_("Vetting before hire passed"),
        detail=candidate.vetting_note,
        check=False,
    )
    return employee, password


@transaction.atomic
def appointment_request(*, actor, employee: Employee) -> Appointment:
    """O7: the confidentiality leadership group approves; two distinct members, never the
    appointee."""
    require_perm(actor, "onboarding.add_appointment")
    if employee.position is None or not employee.position.is_secret_post:
        raise DomainError(_("Only an appointment to a secret post needs this approval."))
    open_or_approved = [Appointment.Status.REQUESTED, Appointment.Status.APPROVED]
    if employee.appointments.filter(
        status__in=open_or_approved, position=employee.position
    ).exists():
        raise DomainError(_("This appointment is already in approval or approved."))
    appointment = Appointment(employee=employee, position=employee.position)
    _save(appointment, actor)
    appointment.chain = chain_start(
        actor=actor,
        kind=Appointment.CHAIN_KIND,
        subject=appointment,
        title=str(appointment),
        requested_by=employee.user,
        steps=[
            StepSpec(
                _("Confidentiality leadership group"), role=Role.COMMITTEE, required_deciders=2
            )
        ],
    )
    _save(appointment, actor)
    return appointment


def appointment_decide(
    *, actor, appointment: Appointment, outcome: str, comment: str = ""
) -> Decision:
    """A member of the leadership group decides; the chain's end runs
    `appointment_chain_finished`."""
    return subject_decide(
        actor=actor,
        subject=appointment,
        waiting=Appointment.Status.REQUESTED,
        outcome=outcome,
        comment=comment,
    )


def appointment_chain_finished(*, chain: ApprovalChain, actor) -> None:
    appointment, approved = subject_settle(
        chain=chain,
        model=Appointment,
        actor=actor,
        approved=Appointment.Status.APPROVED,
        rejected=Appointment.Status.REJECTED,
    )
    if approved:
        personnel.employee_lifecycle_set(
            actor=actor,
            employee=appointment.employee,
            appointment_approved_on=timezone.localdate(),
        )


@transaction.atomic
def post_take_up(*, actor, employee: Employee) -> Employee:
    """O6: nobody takes up a secret post before every pre-post condition is met."""
    require_perm(actor, "onboarding.change_candidate")
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    if employee.status != Employee.Status.AWAITING_POST:
        raise DomainError(_("This person is not awaiting a post."))
    missing = [label for label, met in employee.pre_post_conditions() if not met]
    if missing:
        raise DomainError(
            _("Cannot take up the post yet: %(missing)s")
            % {"missing": "；".join(str(m) for m in missing)}
        )
    return personnel.employee_lifecycle_set(
        actor=actor, employee=employee, status=Employee.Status.ACTIVE
    )


# --- Transfers (O5, C7, C1) --------------------------------------------------------------


def _review_kind(employee, post) -> str:
    """A general post into an important (or core) one needs credit and capability vetting;
    any other move into a secret post a confidentiality review."""
    was_general = employee.position is None or not employee.position.is_secret_post
    if was_general and TIER_RANK[Tier(post.required_tier)] >= TIER_RANK[Tier.IMPORTANT]:
        return Transfer.Kind.CREDIT_VETTING
    return Transfer.Kind.CONFIDENTIALITY_REVIEW


def _move(actor, employee, post) -> None:
    """Apply the move; leaving a secret post ends the clearances it needed (C1)."""

    personnel.employee_update(
        actor=actor,
        employee=employee,
        transfer=True,
        department=post.department,
        position=post,
        tier=post.required_tier,
    )
    clearances_end_beyond(actor=actor, employee=Employee.objects.get(pk=employee.pk))


@transaction.atomic
def transfer_request(*, actor, employee: Employee, position) -> Transfer | None:
    """Move an employee. Into a secret post: a review first, the move when it passes.
    Otherwise at once. Returns the transfer under review, or None when done."""
    require_perm(actor, "onboarding.add_transfer")
    employee = (
        Employee.objects.select_for_update(of=("self",))
        .select_related("position")
        .get(pk=employee.pk)
    )
    if position == employee.position:
        raise DomainError(_("That is the current post."))
    if not position.is_secret_post:
        _move(actor, employee, position)
        return None
    if employee.transfers.filter(status=Transfer.Status.REQUESTED).exists():
        raise DomainError(_("A transfer of this person is already in review."))
    transfer = Transfer(
        employee=employee,
        from_position=employee.position,
        to_position=position,
        kind=_review_kind(employee, position),
    )
    _save(transfer, actor)
    transfer.chain = chain_start(
        actor=actor,
        kind=Transfer.CHAIN_KIND,
        subject=transfer,
        title=str(transfer),
        requested_by=employee.user,
        steps=[StepSpec(transfer.get_kind_display(), role=Role.SECURITY_OFFICER)],
    )
    _save(transfer, actor)
    return transfer


def transfer_decide(*, actor, transfer: Transfer, outcome: str, comment: str = "") -> Decision:
    """The security office decides the review; the chain's end runs `transfer_chain_finished`."""
    return subject_decide(
        actor=actor,
        subject=transfer,
        waiting=Transfer.Status.REQUESTED,
        outcome=outcome,
        comment=comment,
    )


def transfer_chain_finished(*, chain: ApprovalChain, actor) -> None:
    transfer, approved = subject_settle(
        chain=chain,
        model=Transfer,
        actor=actor,
        approved=Transfer.Status.APPROVED,
        rejected=Transfer.Status.REJECTED,
    )
    if approved:
        _move(actor, transfer.employee, transfer.to_position)
        # A new secret post: the pre-post gate applies again (O6, T3).
        personnel.employee_lifecycle_set(
            actor=actor,
            employee=transfer.employee,
            status=Employee.Status.AWAITING_POST,
            pre_post_trained_on=None,
            appointment_approved_on=None,
        )
    personnel.dossier_entry_add(
        actor=actor,
        employee=transfer.employee,
        kind=DossierEntry.Kind.VETTING,
        occurred_on=timezone.localdate(),
        title=f"{transfer.get_kind_display()}：{transfer.get_status_display()}",
        detail=str(transfer),
        check=False,
    )
