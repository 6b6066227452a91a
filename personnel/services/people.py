"""Employees, their agreements and dossier: every write transactional, locked,
permission-checked, with history."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from audit.history import require_version
from audit.history import save_recorded as _save
from core.access import require_perm
from core.errors import DomainError

from ..models import Agreement, DossierEntry, Employee, Tier
from .org import department_head_user, grant_head, revoke_head

# The plain facts HR edits. Status, tier and headship are workflow facts: onboarding,
# offboarding and transfers set them through their own services (issue: no bypass).
EMPLOYEE_FIELDS = (
    "employee_no",
    "name",
    "department",
    "position",
    "employment_type",
    "id_type",
    "id_number",
    "hire_date",
)

# A record starts in post, or waiting for a secret post's pre-post gate (O6); never leaving.
STARTING_STATUSES = (Employee.Status.ACTIVE, Employee.Status.AWAITING_POST)


@transaction.atomic
def employee_create(
    *, actor, user=None, status: str | None = None, tier: str | None = None, **fields
) -> Employee:
    """Register a person. The tier is the post's unless the caller (onboarding, the demo's
    roll-out of existing staff) names a lower one; a secret post waits for its pre-post gate
    unless the caller records the person as already in post."""
    require_perm(actor, "personnel.add_employee")
    unknown = set(fields) - set(EMPLOYEE_FIELDS)
    if unknown:
        raise DomainError(_("Field “%(field)s” cannot be set here.") % {"field": unknown.pop()})
    employee = Employee(user=user, **fields)
    starting_facts(employee, status=status, tier=tier)
    _save(employee, actor)
    head = department_head_user(employee.department)
    if head:
        grant_head(head, [employee])
    return employee


def starting_facts(employee: Employee, *, status: str | None = None, tier: str | None = None):
    """A new record's tier and status: the post's tier unless a lower one is named (the
    model's check refuses a higher one); a secret post waits for its pre-post gate."""
    post = employee.position
    waits = post is not None and post.is_secret_post
    employee.tier = tier or (post.required_tier if post else Tier.NONE)
    employee.status = status or (Employee.Status.AWAITING_POST if waits else Employee.Status.ACTIVE)
    if employee.status not in STARTING_STATUSES:
        raise DomainError(_("A new record starts in post or awaiting its post."))


def require_no_transfer(old_position, new_position) -> None:
    """A plain edit does not move anyone into or out of a secret post (O5, C1)."""
    secret = [p.is_secret_post for p in (old_position, new_position) if p is not None]
    if new_position != old_position and any(secret):
        raise DomainError(_("A move into or out of a secret post is a transfer: use Transfer."))


def require_not_heading(employee: Employee, old_department) -> None:
    """A head stays in the department they head until another head is appointed."""
    if employee.department_id != old_department.pk and old_department.head_id == employee.pk:
        raise DomainError(
            _("This person heads %(dept)s: appoint another head first.")
            % {"dept": old_department.name}
        )


@transaction.atomic
def employee_update(
    *, actor, employee: Employee, transfer: bool = False, version: int | None = None, **changes
) -> Employee:
    """Edit the plain facts. A move into or out of a secret post is a transfer (O5, C1): it
    goes through onboarding's review, which calls this with transfer=True (and the new post's
    tier) after its own check. `version` comes from the edit form (lost updates)."""
    if not transfer:
        require_perm(actor, "personnel.change_employee")
    employee = (
        Employee.objects.select_for_update(of=("self",))
        .select_related("position")
        .get(pk=employee.pk)
    )
    require_version(employee, version)
    old_department, old_position = employee.department, employee.position
    allowed = (*EMPLOYEE_FIELDS, "tier") if transfer else EMPLOYEE_FIELDS
    for name, value in changes.items():
        if name not in allowed:
            raise DomainError(_("Field “%(field)s” cannot be changed here.") % {"field": name})
        setattr(employee, name, value)
    if not transfer:
        require_no_transfer(old_position, employee.position)
    require_not_heading(employee, old_department)
    _save(employee, actor)
    if employee.department_id != old_department.pk:
        # The old head loses sight of the person; the new head gains it (least privilege).
        old_head = department_head_user(old_department)
        if old_head:
            revoke_head(old_head, Employee.objects.filter(pk=employee.pk))
        new_head = department_head_user(employee.department)
        if new_head:
            grant_head(new_head, [employee])
    return employee


@transaction.atomic
def agreement_add(
    *, actor, employee: Employee, kind: str, signed_on: date, scan=None, note: str = ""
) -> Agreement:
    require_perm(actor, "personnel.add_agreement")
    agreement = Agreement(employee=employee, kind=kind, signed_on=signed_on, note=note)
    if scan:
        agreement.scan = scan
    _save(agreement, actor)
    dossier_entry_add(
        actor=actor,
        employee=employee,
        kind=DossierEntry.Kind.AGREEMENT,
        occurred_on=signed_on,
        title=agreement.get_kind_display(),
        check=False,
    )
    return agreement


@transaction.atomic
def agreement_scan_attach(*, actor, agreement: Agreement, scan) -> Agreement:
    """P5: the signed paper's scan, added after the signing (the departure checklist records
    the exit commitment and the bilateral agreement without one). A scan on file is the
    evidence and is never replaced."""
    require_perm(actor, "personnel.change_agreement")
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.scan:
        raise DomainError(_("This agreement already has its scan on file."))
    if not scan:
        raise DomainError(_("Please choose the scanned file."))
    agreement.scan = scan
    _save(agreement, actor)
    return agreement


@transaction.atomic
def dossier_entry_add(
    *,
    actor,
    employee: Employee,
    kind: str,
    occurred_on: date,
    title: str,
    detail: str = "",
    score: int | None = None,
    check: bool = True,
) -> DossierEntry:
    """Add a dossier line. Other apps' services call it with check=False after their own check."""
    if check:
        require_perm(actor, "personnel.add_dossierentry")
    entry = DossierEntry(
        employee=employee,
        kind=kind,
        occurred_on=occurred_on,
        title=title,
        detail=detail,
        score=score,
    )
    _save(entry, actor)
    return entry


@transaction.atomic
def dossier_entry_put(*, actor, employee: Employee, reference: str, **facts) -> DossierEntry:
    """The one dossier line a workflow fact keeps (a training attended, then assessed):
    written the first time, brought up to date after; its history keeps the earlier facts.
    Callers check their own rights."""
    entry = (
        DossierEntry.objects.select_for_update()
        .filter(employee=employee, reference=reference)
        .first()
    ) or DossierEntry(employee=employee, reference=reference)
    for name, value in facts.items():
        if name not in ("kind", "occurred_on", "title", "detail", "score"):
            raise DomainError(_("Field “%(field)s” cannot be set here.") % {"field": name})
        setattr(entry, name, value)
    _save(entry, actor, constraints=False)  # found by its (employee, reference), locked
    return entry


# --- Facts that higher apps (onboarding, offboarding) cause; they check their own rights. ---


@transaction.atomic
def employee_lifecycle_set(*, actor, employee: Employee, **facts) -> Employee:
    """Set the facts a workflow decided: status (P1), the decryption period's end (F9), the
    pre-post training (O6)."""
    allowed = {"status", "decryption_ends_on", "pre_post_trained_on", "appointment_approved_on"}
    if not set(facts) <= allowed:
        raise DomainError(_("Only lifecycle facts are set here."))
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    for name, value in facts.items():
        setattr(employee, name, value)
    _save(employee, actor)
    return employee


IMPORT_BATCH = 1000


@transaction.atomic
def employees_import(
    *,
    actor,
    new: list[Employee],
    changed: list[Employee],
    fields: set[str],
    moved: list[tuple[Employee, object]],
    progress,
) -> None:
    """Write an import's employees at once (issue 17). Each row was checked beforehand with
    the rules of employee_create and employee_update (personnel.imports.employees: starting_facts,
    require_no_transfer, require_not_heading, the model's clean); `changed` are locked rows
    with their new facts, `moved` pairs who changed department with the one they left.
    History rows in bulk with the actor; the heads' rights follow as for one employee."""
    if new:
        require_perm(actor, "personnel.add_employee")
    if changed:
        require_perm(actor, "personnel.change_employee")
    if not set(fields) <= set(EMPLOYEE_FIELDS):
        raise DomainError(_("Only the plain facts are changed by an import."))
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    batches = [(True, new[i : i + IMPORT_BATCH]) for i in range(0, len(new), IMPORT_BATCH)]
    batches += [
        (False, changed[i : i + IMPORT_BATCH]) for i in range(0, len(changed), IMPORT_BATCH)
    ]
    written = 0
    for creating, batch in batches:
        if creating:
            bulk_create_with_history(batch, Employee, default_user=actor)
        else:  # small statements: bulk_update's CASE grows with the rows times the rows
            bulk_update_with_history(
                batch, Employee, fields=sorted(fields), batch_size=200, default_user=actor
            )
        written += len(batch)
        progress(written / (len(new) + len(changed)))
    _head_rights_follow(new, moved)


def _head_rights_follow(new: list[Employee], moved: list[tuple[Employee, object]]) -> None:
    """New people are seen by their department's head; who moved leaves the old head's sight
    for the new head's (least privilege)."""
    joining, leaving = {}, {}
    for employee, old in [(e, None) for e in new] + list(moved):
        joining.setdefault(employee.department.pk, (employee.department, []))[1].append(employee)
        if old is not None:
            leaving.setdefault(old.pk, (old, []))[1].append(employee.pk)
    for department, pks in leaving.values():
        head = department_head_user(department)
        if head:
            revoke_head(head, Employee.objects.filter(pk__in=pks))
    for department, people in joining.values():
        head = department_head_user(department)
        if head:
            grant_head(head, people)


def dossier_entries_add_bulk(*, actor, entries: list[DossierEntry]) -> None:
    """Many dossier lines at once (a month's overdue training), history written in bulk.
    Callers check their own rights."""
    from simple_history.utils import bulk_create_with_history

    for entry in entries:
        entry.full_clean()
    bulk_create_with_history(entries, DossierEntry, batch_size=2000, default_user=actor)
