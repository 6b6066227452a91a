"""A7 half-yearly inspections."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from archives.models import Inspection, InspectionFinding, MissingReport
from archives.services import inspections
from archives.sweeps import archive_sweep
from core.classification import Level
from core.errors import DomainError
from core.models import Notification
from core.transitions import transition

from .helpers import grant_all, make_item, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def cleared(demo):
    grant_all()


def plan():
    return inspections.inspection_plan(
        actor=user("archivist"), title="2026年下半年档案检查", planned_on=timezone.localdate()
    )


def record(inspection, item, result):
    return inspections.inspection_record(
        actor=user("archivist"), inspection=inspection, item=item, result=result
    )


def test_an_inspection_is_recorded_item_by_item(cleared):
    inspection = plan()
    with pytest.raises(DomainError):
        plan()  # one at a time
    present, damaged, lost = (make_item(Level.INTERNAL) for _n in range(3))
    record(inspection, present, InspectionFinding.Result.PRESENT)
    record(inspection, damaged, InspectionFinding.Result.DAMAGED)
    finding = record(inspection, damaged, InspectionFinding.Result.REPAIRED)
    assert finding.result == "repaired" and inspection.findings.count() == 2
    assert finding.history.filter(result="damaged").exists()
    record(inspection, lost, InspectionFinding.Result.MISSING)
    assert MissingReport.objects.filter(item=lost, found_on__isnull=True).exists()
    with pytest.raises(DomainError):
        inspections.inspection_finish(
            actor=user("archivist"), inspection=inspection, storage_conditions=" "
        )
    conditions = "防潮、防霉良好，灭火器有效"
    done = inspections.inspection_finish(
        actor=user("archivist"), inspection=inspection, storage_conditions=conditions
    )
    assert done.finished_on == timezone.localdate()
    with pytest.raises(DomainError):
        record(inspection, present, InspectionFinding.Result.PRESENT)


def _reminders():
    return Notification.objects.filter(
        recipient=user("archivist"), dedupe_key__startswith="archives:inspection-due"
    ).count()


def test_the_sweep_reminds_the_clerk_once_when_an_inspection_is_due(cleared):
    today = timezone.localdate()
    archive_sweep(actor=user("hr"), today=today)
    archive_sweep(actor=user("hr"), today=today)
    assert _reminders() == 1  # never inspected: due now, told once
    inspection = plan()
    record(inspection, make_item(Level.INTERNAL), InspectionFinding.Result.PRESENT)
    inspections.inspection_finish(
        actor=user("archivist"), inspection=inspection, storage_conditions="良好"
    )
    due = inspections.next_due(today)
    assert (due - today).days in range(181, 185)
    archive_sweep(actor=user("hr"), today=due - datetime.timedelta(days=15))
    assert _reminders() == 1
    archive_sweep(actor=user("hr"), today=due - datetime.timedelta(days=14))
    assert _reminders() == 2


def test_care_pages_for_the_clerk_and_nobody_else(cleared, login):
    for name in ("archives:inspection_list", "archives:destruction_list"):
        assert login("archivist").get(reverse(name)).status_code == 200
        assert login("emp_cs").get(reverse(name)).status_code == 403


@pytest.mark.parametrize(("start", "to"), [(Inspection.Status.DONE, Inspection.Status.PLANNED)])
def test_an_inspection_refuses_a_move_its_table_does_not_list(start, to):
    row = Inspection(status=start)
    with pytest.raises(DomainError):
        transition(row, to)
    assert row.status == start


@pytest.mark.parametrize(("start", "to"), [(Inspection.Status.PLANNED, Inspection.Status.DONE)])
def test_an_inspection_takes_a_move_its_table_lists(start, to):
    row = Inspection(status=start)
    transition(row, to)
    assert row.status == to


def test_the_clerk_picks_the_item_found_within_their_ceiling(cleared, login):
    inspection = plan()
    shown = make_item(Level.SECRET)
    above = make_item(Level.TOP_SECRET)  # the clerk is cleared for 机密 only
    client = login("archivist")
    page = client.get(reverse("archives:inspection_detail", args=[inspection.pk]))
    assert (
        "data-picker" in page.content.decode() and shown.catalogue_no not in page.content.decode()
    )
    url = reverse("archives:inspection_record", args=[inspection.pk])
    client.post(url, {"item": shown.pk, "result": "present"})
    client.post(url, {"item_search": above.catalogue_no, "result": "present"})
    client.post(url, {"item": above.pk, "result": "present"})
    assert list(inspection.findings.values_list("item__catalogue_no", flat=True)) == [
        shown.catalogue_no
    ]
