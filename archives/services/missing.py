"""Missing items (A6): reported by the clerk, closed when found; a classified item still
missing after 10 days (绝密) or 60 days (机密/秘密) becomes a leak incident."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.history import save_recorded as _save
from clearance.services.incidents import incident_for_missing_item
from core.access import require_perm
from core.classification import Level, marking
from core.errors import DomainError
from core.notifications import notify
from core.transitions import transition
from personnel.roles import Role, role_members

from ..models import ArchiveItem, MissingReport
from .catalogue import _locked_visible
from .loans import copies_out


def incident_after_days(level: str) -> int | None:
    """None for 内部: a missing internal item is found or written off, never a leak."""
    if level == Level.TOP_SECRET:
        return settings.MISSING_INCIDENT_DAYS_TOP_SECRET
    if level in (Level.SECRET, Level.CONFIDENTIAL):
        return settings.MISSING_INCIDENT_DAYS_OTHER
    return None


@transaction.atomic
def missing_report(
    *, actor, item: ArchiveItem, missing_since: datetime.date, note: str = ""
) -> MissingReport:
    require_perm(actor, "archives.add_missingreport")
    item = _locked_visible(actor, item)
    if item.status in (
        ArchiveItem.Status.MISSING,
        ArchiveItem.Status.DESTROYED,
        ArchiveItem.Status.REMOVED,
    ):
        raise DomainError(_("This item cannot be reported missing now."))
    if missing_since > timezone.localdate():
        raise DomainError(_("The discovery cannot lie in the future."))
    report = MissingReport(
        item=item, missing_since=missing_since, note=note.strip(), reported_by=actor
    )
    _save(report, actor)
    transition(item, ArchiveItem.Status.MISSING)
    _save(item, actor)
    notify(
        recipients=role_members(Role.SECURITY_OFFICER),
        subject=_("Archive item %(no)s reported missing") % {"no": item.catalogue_no},
        link=reverse("archives:item_detail", args=[item.pk]),
        dedupe_key=f"archives:missing:{report.pk}",
    )
    return report


@transaction.atomic
def missing_found(*, actor, report: MissingReport) -> MissingReport:
    """Found again: the report closes; an incident already opened stays with the security
    office, who closes it with its result."""
    require_perm(actor, "archives.change_missingreport")
    report = MissingReport.objects.select_for_update().get(pk=report.pk)
    item = _locked_visible(actor, report.item)
    if report.found_on is not None:
        raise DomainError(_("This item has already been found."))
    report.found_on = timezone.localdate()
    _save(report, actor)
    back = ArchiveItem.Status.ON_LOAN if copies_out(item) else ArchiveItem.Status.IN_STORE
    transition(item, back)
    _save(item, actor)
    return report


def missing_sweep(*, actor, today: datetime.date) -> dict[str, int]:
    pending = MissingReport.objects.filter(found_on__isnull=True, incident__isnull=True)
    opened = sum(_incident_if_due(actor, pk, today) for pk in pending.values_list("pk", flat=True))
    return {"missing_incidents_opened": opened}


def _incident_if_due(actor, pk, today) -> int:
    with transaction.atomic():
        report = MissingReport.objects.select_for_update().select_related("item").get(pk=pk)
        days = incident_after_days(report.item.level)
        if report.found_on or report.incident_id or days is None:
            return 0
        if (today - report.missing_since).days < days:
            return 0
        # The incident names the item by number and marking: its readers may not be cleared.
        item = report.item
        report.incident = incident_for_missing_item(
            actor=actor,
            item_title=f"{item.catalogue_no}（{marking(item.level)}）",
            missing_since=report.missing_since,
        )
        _save(report, actor)
        return 1
