"""A7 half-yearly inspections."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from archives.models import Inspection, InspectionFinding, MissingReport
from archives.services import catalogue, inspections
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


def finish(inspection, who="archivist"):
    return inspections.inspection_finish(
        actor=user(who), inspection=inspection, storage_conditions="防潮、防火良好"
    )


def test_an_inspection_closes_only_once_every_item_held_is_checked(cleared):
    """A7: a full inspection covers the whole archive; what left it is not looked for."""
    inspection = plan()
    checked, forgotten, removed = (make_item(Level.INTERNAL) for _n in range(3))
    catalogue.item_remove(actor=user("archivist"), item=removed, received_by="市档案馆")
    record(inspection, checked, InspectionFinding.Result.PRESENT)
    with pytest.raises(DomainError, match="1"):
        finish(inspection)
    record(inspection, forgotten, InspectionFinding.Result.PRESENT)
    assert finish(inspection).status == Inspection.Status.DONE


def test_top_secret_items_are_inspected_by_someone_cleared_for_them(cleared, login):
    """A7/A5: the clerk's clearance stops at 机密; the security office, cleared for 绝密,
    records those items, and the clerk finishes once they are in."""
    inspection = plan()
    top = make_item(Level.TOP_SECRET)
    record(inspection, make_item(Level.INTERNAL), InspectionFinding.Result.PRESENT)
    with pytest.raises(PermissionDenied):
        record(inspection, top, InspectionFinding.Result.PRESENT)
    with pytest.raises(DomainError) as refused:
        finish(inspection)
    assert "绝密" not in refused.value.message and top.catalogue_no not in refused.value.message
    page = reverse("archives:inspection_detail", args=[inspection.pk])
    form = login("security").get(page).content.decode()
    assert reverse("archives:inspection_record", args=[inspection.pk]) in form
    assert reverse("archives:inspection_finish", args=[inspection.pk]) not in form
    login("security").post(
        reverse("archives:inspection_record", args=[inspection.pk]),
        {"item": top.pk, "result": "present"},
    )
    finding = inspection.findings.get(item=top)
    assert finding.recorded_by == user("security")
    with pytest.raises(PermissionDenied):
        finish(inspection, who="security")
    assert finish(inspection).status == Inspection.Status.DONE


def test_a_damaged_item_is_followed_up_until_its_repair_is_recorded(cleared, login):
    inspection = plan()
    item = make_item(Level.INTERNAL, title="受潮卷宗")
    finding = record(inspection, item, InspectionFinding.Result.DAMAGED)
    told = Notification.objects.get(
        recipient=user("archivist"), dedupe_key=f"archives:finding-damaged:{finding.pk}"
    )
    assert item.catalogue_no in told.subject
    finish(inspection)  # the repair may take longer than the inspection
    page = reverse("archives:inspection_detail", args=[inspection.pk])
    waiting = login("archivist").get(page, {"show": "damaged"}).context["page"]
    assert [f.pk for f in waiting] == [finding.pk]
    listed = login("archivist").get(reverse("archives:inspection_list")).context["page"]
    assert listed[0].awaiting_repair == 1
    login("archivist").post(
        reverse("archives:finding_repair", args=[finding.pk]), {"note": "已烘干并重新装订"}
    )
    finding.refresh_from_db()
    assert finding.result == InspectionFinding.Result.REPAIRED
    assert finding.repaired_on == timezone.localdate() and finding.repair_note == "已烘干并重新装订"
    assert finding.history.filter(result="damaged").exists()
    assert not login("archivist").get(page, {"show": "damaged"}).context["page"].object_list
    with pytest.raises(DomainError):  # only a damaged item awaits its repair
        inspections.finding_repair(actor=user("archivist"), finding=finding, note="再修")
    with pytest.raises(PermissionDenied):
        inspections.finding_repair(actor=user("emp_cs"), finding=finding, note="x")


def test_the_inspection_page_lists_what_is_left_to_check_with_search_and_pages(
    cleared, login, django_assert_max_num_queries
):
    inspection = plan()
    items = [make_item(Level.INTERNAL, title=f"待查卷宗{n}") for n in range(25)]
    record(inspection, items[0], InspectionFinding.Result.PRESENT)
    page = reverse("archives:inspection_detail", args=[inspection.pk])
    client = login("archivist")
    left = client.get(page, {"show": "unchecked"}).context["page"]
    assert left.paginator.count == 24 and len(left.object_list) == 20
    found = client.get(page, {"show": "unchecked", "q": items[7].catalogue_no})
    assert [i.pk for i in found.context["page"]] == [items[7].pk]
    assert client.get(page, {"q": "待查卷宗0"}).context["page"].paginator.count == 1
    with django_assert_max_num_queries(40) as few:
        client.get(page)
    for item in items[1:20]:
        record(inspection, item, InspectionFinding.Result.PRESENT)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(page)


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
