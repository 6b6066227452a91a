"""The catalogue (A1, A2, A5): registering items, intake and removal with their handover,
and the step every chain of the archive's own management shares."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.services import StepSpec
from audit.history import save_recorded as _save
from core.access import require_perm
from core.classification import DEFAULT_SECRECY_YEARS, Level
from core.errors import DomainError
from core.people import person_name
from core.transitions import transition
from personnel.models import Department, Employee
from personnel.roles import Role

from ..models import ArchiveItem, ItemMovement
from ..selectors import reaches, user_level, visible_items


def default_secrecy_years(level: str) -> int | None:
    """A1: 30/20/10 years for 绝密/机密/秘密; 内部 has no secrecy period."""
    return DEFAULT_SECRECY_YEARS.get(Level(level))


@transaction.atomic
def item_register(
    *,
    actor,
    catalogue_no: str,
    title: str,
    level: str,
    retention_years: int,
    location: str,
    copies: int,
    department: Department,
    custodian: Employee | None = None,
    secrecy_years: int | None = None,
    handed_over_by: str,
    registered_on: datetime.date | None = None,
) -> ArchiveItem:
    """Intake (A2): the clerk registers the item and who handed it over to them. The clerk
    registers only what their own clearance reaches."""
    require_perm(actor, "archives.add_archiveitem")
    if not reaches(user_level(actor), level):
        raise PermissionDenied
    if ArchiveItem.objects.filter(catalogue_no=catalogue_no.strip()).exists():
        raise DomainError(
            _("Catalogue number %(no)s is already registered.") % {"no": catalogue_no}
        )
    item = ArchiveItem(
        catalogue_no=catalogue_no.strip(),
        title=title.strip(),
        level=level,
        secrecy_years=secrecy_years or default_secrecy_years(level),
        retention_years=retention_years,
        location=location.strip(),
        copies=copies,
        department=department,
        custodian=custodian,
        registered_on=registered_on or timezone.localdate(),
    )
    _check_custodian(item)
    _save(item, actor)
    _movement(actor, item, ItemMovement.Kind.INTAKE, handed_over_by, person_name(actor))
    return item


def _check_custodian(item) -> None:
    if item.needs_custodian and item.custodian_id is None:
        raise DomainError(_("A 机密 or 绝密 item needs a named custodian."))
    if item.custodian_id and item.custodian.status != Employee.Status.ACTIVE:
        raise DomainError(_("The custodian must be an active employee."))


def _movement(actor, item, kind, handed_over_by, received_by, note="") -> ItemMovement:
    if not handed_over_by.strip() or not received_by.strip():
        raise DomainError(_("A handover names who handed over and who received."))
    movement = ItemMovement(
        item=item,
        kind=kind,
        occurred_on=timezone.localdate(),
        handed_over_by=handed_over_by.strip(),
        received_by=received_by.strip(),
        note=note.strip(),
        recorded_by=actor,
    )
    _save(movement, actor)
    return movement


def _locked_visible(actor, item) -> ArchiveItem:
    if not visible_items(actor).filter(pk=item.pk).exists():
        raise PermissionDenied
    return ArchiveItem.objects.select_for_update().get(pk=item.pk)


@transaction.atomic
def item_remove(*, actor, item: ArchiveItem, received_by: str, note: str = "") -> ArchiveItem:
    """Removal (A2): the item leaves the archive, handed over by the clerk to someone named.
    It stays in the catalogue as removed."""
    require_perm(actor, "archives.change_archiveitem")
    item = _locked_visible(actor, item)
    if item.status != ArchiveItem.Status.IN_STORE:
        raise DomainError(_("Only an item in store can be removed."))
    transition(item, ArchiveItem.Status.REMOVED)
    _save(item, actor)
    _movement(actor, item, ItemMovement.Kind.REMOVAL, person_name(actor), received_by, note)
    return item


@transaction.atomic
def item_set_custodian(*, actor, item: ArchiveItem, custodian: Employee) -> ArchiveItem:
    require_perm(actor, "archives.change_archiveitem")
    item = _locked_visible(actor, item)
    item.custodian = custodian
    _check_custodian(item)
    _save(item, actor)
    return item


def archive_head_step() -> StepSpec:
    """The manager of the department that runs the archive (A3, A8, R5); the general
    manager while that department has no head."""
    department = Department.objects.filter(code=settings.ARCHIVES_DEPARTMENT_CODE).first()
    if department is None or department.head_id is None:
        return StepSpec(_("Archive department manager"), role=Role.GM)
    return StepSpec(_("Archive department manager"), role=Role.DEPT_HEAD, department=department)
