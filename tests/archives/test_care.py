"""A7 half-yearly inspections and A8 destruction of items past their retention."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from archives import destruction as destructions
from archives import inspections
from archives.models import ArchiveItem, Destruction, InspectionFinding, MissingReport
from archives.services import archive_sweep
from core.classification import Level
from core.errors import DomainError
from core.models import Notification
from personnel.models import Employee

from .helpers import grant_all, make_item, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def cleared(demo):
    grant_all()


def plan():
    return inspections.inspection_plan(actor=user("archivist"), title="2026年下半年档案检查",
                                       planned_on=timezone.localdate())  # fmt: skip


def record(inspection, item, result):
    return inspections.inspection_record(actor=user("archivist"), inspection=inspection,
                                         item=item, result=result)  # fmt: skip


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
        inspections.inspection_finish(actor=user("archivist"), inspection=inspection,
                                      storage_conditions=" ")  # fmt: skip
    conditions = "防潮、防霉良好，灭火器有效"
    done = inspections.inspection_finish(actor=user("archivist"), inspection=inspection,
                                         storage_conditions=conditions)  # fmt: skip
    assert done.finished_on == timezone.localdate()
    with pytest.raises(DomainError):
        record(inspection, present, InspectionFinding.Result.PRESENT)


def _reminders():
    return Notification.objects.filter(recipient=user("archivist"),
                                       dedupe_key__startswith="archives:inspection-due").count()


def test_the_sweep_reminds_the_clerk_once_when_an_inspection_is_due(cleared):
    today = timezone.localdate()
    archive_sweep(actor=user("hr"), today=today)
    archive_sweep(actor=user("hr"), today=today)
    assert _reminders() == 1  # never inspected: due now, told once
    inspection = plan()
    record(inspection, make_item(Level.INTERNAL), InspectionFinding.Result.PRESENT)
    inspections.inspection_finish(actor=user("archivist"), inspection=inspection,
                                  storage_conditions="良好")  # fmt: skip
    due = inspections.next_due(today)
    assert (due - today).days in range(181, 185)
    archive_sweep(actor=user("hr"), today=due - datetime.timedelta(days=15))
    assert _reminders() == 1
    archive_sweep(actor=user("hr"), today=due - datetime.timedelta(days=14))
    assert _reminders() == 2


def test_destruction_needs_the_end_of_retention_approval_and_two_witnesses(cleared, login):
    young = make_item(Level.CONFIDENTIAL)
    with pytest.raises(DomainError):
        destructions.destruction_propose(actor=user("archivist"), item=young, reason="到期")
    old = make_item(Level.CONFIDENTIAL, registered_on=datetime.date(2010, 3, 1))
    assert list(destructions.past_retention(user("archivist"))) == [old]
    destruction = destructions.destruction_propose(actor=user("archivist"), item=old,
                                                   reason="保管期满，失去保存价值")  # fmt: skip
    assert [s.role for s in destruction.chain.steps.all()] == ["dept_head", "security_officer"]
    for name in ("hr_head", "security"):
        destructions.destruction_decide(actor=user(name), destruction=destruction,
                                        outcome="approve")  # fmt: skip
    destruction.refresh_from_db()
    assert destruction.status == Destruction.Status.APPROVED
    one, other = Employee.objects.filter(employee_no__in=["A0005", "S0002"])
    for witnesses in [(one, one), (one, None)]:
        with pytest.raises(DomainError):
            destructions.destruction_record(
                actor=user("archivist"), destruction=destruction, method="shred",
                destroyed_on=timezone.localdate(), witness_1=witnesses[0], witness_2=witnesses[1])
    done = destructions.destruction_record(
        actor=user("archivist"), destruction=destruction, method="shred",
        destroyed_on=timezone.localdate(), witness_1=one, witness_2=other)  # fmt: skip
    assert done.status == Destruction.Status.DONE
    assert ArchiveItem.objects.get(pk=old.pk).status == ArchiveItem.Status.DESTROYED
    listed = login("emp_cs").get(reverse("archives:item_list"), {"status": "destroyed"})
    assert listed.context["page"].paginator.count == 1  # still in the catalogue


def test_care_pages_for_the_clerk_and_nobody_else(cleared, login):
    for name in ("archives:inspection_list", "archives:destruction_list"):
        assert login("archivist").get(reverse(name)).status_code == 200
        assert login("emp_cs").get(reverse(name)).status_code == 403
