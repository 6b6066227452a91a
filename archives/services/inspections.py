"""Half-yearly inspections (A7): planned, recorded item by item until the whole archive is
covered, storage conditions checked; each item by someone cleared for its level; a damaged
item is followed up until its repair is recorded; a missing item found there goes to the
missing-item procedure (A6)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.history import save_recorded as _save
from core.access import require_perm
from core.dates import add_months
from core.errors import DomainError
from core.notifications import notify
from core.transitions import transition
from personnel.roles import Role, role_members

from ..models import ArchiveItem, Inspection, InspectionFinding
from ..selectors import visible_items
from .missing import missing_report

INTERVAL_MONTHS = 6
REMIND_DAYS_BEFORE = 14
# What the archive holds, and so what a full inspection looks for: not what left it.
HELD = (ArchiveItem.Status.IN_STORE, ArchiveItem.Status.ON_LOAN, ArchiveItem.Status.MISSING)
Result = InspectionFinding.Result


def unchecked_items(inspection) -> QuerySet:
    """The items the archive holds that the inspection has no finding for yet."""
    found = InspectionFinding.objects.filter(inspection=inspection, item=OuterRef("pk"))
    return ArchiveItem.objects.filter(status__in=HELD).exclude(Exists(found))


@transaction.atomic
def inspection_plan(*, actor, title: str, planned_on: datetime.date) -> Inspection:
    require_perm(actor, "archives.add_inspection")
    if Inspection.objects.filter(status=Inspection.Status.PLANNED).exists():
        raise DomainError(_("An inspection is already planned; finish it first."))
    if not title.strip():
        raise DomainError(_("Please give the inspection a title."))
    inspection = Inspection(title=title.strip(), planned_on=planned_on, planned_by=actor)
    _save(inspection, actor)
    return inspection


def _open(inspection) -> Inspection:
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.status != Inspection.Status.PLANNED:
        raise DomainError(_("This inspection is finished."))
    return inspection


@transaction.atomic
def inspection_record(
    *, actor, inspection: Inspection, item: ArchiveItem, result: str, note: str = ""
) -> InspectionFinding:
    """One item's finding; recording it again (damaged → repaired) updates it. Whoever
    records it must be cleared for the item's level: the clerk's clearance stops at 机密,
    the security office records the 绝密 items."""
    require_perm(actor, "archives.add_inspectionfinding")
    inspection = _open(inspection)
    if not visible_items(actor).filter(pk=item.pk).exists():
        raise PermissionDenied
    if result not in InspectionFinding.Result.values:
        raise DomainError(_("Unknown result."))
    finding = InspectionFinding.objects.filter(inspection=inspection, item=item).first()
    finding = finding or InspectionFinding(inspection=inspection, item=item)
    finding.result, finding.note, finding.recorded_by = result, note.strip(), actor
    _save(finding, actor)
    if result == Result.DAMAGED:
        _repair_ask(finding, inspection)
    if result == InspectionFinding.Result.MISSING and item.status != ArchiveItem.Status.MISSING:
        missing_report(
            actor=actor,
            item=item,
            missing_since=timezone.localdate(),
            note=_("Not found in inspection “%(title)s”.") % {"title": inspection},
        )
    return finding


def _repair_ask(finding, inspection) -> None:
    """The follow-up of a damaged item: the clerks are told once to repair it. The notice
    names the number only, as a page does for an item above its reader's clearance."""
    notify(
        recipients=role_members(Role.ARCHIVIST),
        subject=_("Item %(no)s was found damaged: repair it and record the repair")
        % {"no": finding.item.catalogue_no},
        link=reverse("archives:inspection_detail", args=[inspection.pk]) + "?show=damaged",
        dedupe_key=f"archives:finding-damaged:{finding.pk}",
    )


@transaction.atomic
def finding_repair(*, actor, finding: InspectionFinding, note: str) -> InspectionFinding:
    """A damaged item's repair, recorded when done, during the inspection or after it."""
    require_perm(actor, "archives.add_inspectionfinding")
    finding = InspectionFinding.objects.select_for_update().get(pk=finding.pk)
    if not visible_items(actor).filter(pk=finding.item_id).exists():
        raise PermissionDenied
    if not note.strip():
        raise DomainError(_("Say how the item was repaired."))
    transition(finding, Result.REPAIRED, field="result")
    finding.repaired_on = timezone.localdate()
    finding.repair_note = note.strip()
    _save(finding, actor)
    return finding


def _require_covered(actor, inspection) -> None:
    """A full inspection: every item the archive holds has its finding. Items above the
    finisher's clearance are counted, never named."""
    left = unchecked_items(inspection)
    count = left.count()
    if not count:
        return
    above = left.exclude(pk__in=visible_items(actor).values("pk")).count()
    message = _("%(n)s items the archive holds are not checked yet.") % {"n": count}
    if above:
        message += " " + _(
            "%(above)s of them are above your clearance: someone cleared for them records those."
        ) % {"above": above}
    raise DomainError(message)


@transaction.atomic
def inspection_finish(*, actor, inspection: Inspection, storage_conditions: str) -> Inspection:
    require_perm(actor, "archives.change_inspection")
    inspection = _open(inspection)
    if not storage_conditions.strip():
        raise DomainError(_("Record the storage conditions (damp, mould, fire, security)."))
    if not inspection.findings.exists():
        raise DomainError(_("No item has been checked yet."))
    _require_covered(actor, inspection)
    inspection.storage_conditions = storage_conditions.strip()
    transition(inspection, Inspection.Status.DONE)
    inspection.finished_on = timezone.localdate()
    _save(inspection, actor)
    return inspection


def next_due(today: datetime.date | None = None) -> datetime.date:
    """Six months after the last finished inspection; today when there never was one."""
    last = (
        Inspection.objects.filter(status=Inspection.Status.DONE)
        .order_by("-finished_on")
        .values_list("finished_on", flat=True)
        .first()
    )
    return add_months(last, INTERVAL_MONTHS) if last else (today or timezone.localdate())


def inspection_sweep(*, today: datetime.date) -> dict[str, int]:
    """Remind the clerk once per due date, from two weeks before, while none is planned."""
    due = next_due(today)
    if Inspection.objects.filter(status=Inspection.Status.PLANNED).exists():
        return {"inspection_reminders": 0}
    if today < due - datetime.timedelta(days=REMIND_DAYS_BEFORE):
        return {"inspection_reminders": 0}
    sent = notify(
        recipients=role_members(Role.ARCHIVIST),
        subject=_("The half-yearly archive inspection is due on %(day)s") % {"day": due},
        link=reverse("archives:inspection_list"),
        dedupe_key=f"archives:inspection-due:{due.isoformat()}",
    )
    return {"inspection_reminders": sent}
