"""R3: internal inspections of departments, their findings, the rectification by the owner
or the owner's head, the security office's verification, and the daily chase of overdue
rectifications."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from clearance import sweeps
from clearance.models import DepartmentFinding, DepartmentInspection
from clearance.services import inspections
from core.errors import DomainError
from core.models import Notification
from personnel.models import Department, Employee
from tests.test_access_matrix import ROLES

pytestmark = pytest.mark.django_db
Status = DepartmentFinding.Status


def user(name):
    return get_user_model().objects.get(username=name)


def under_way(department="RD"):
    inspection = inspections.dept_inspection_plan(
        actor=user("security"),
        department=Department.objects.get(code=department),
        planned_on=timezone.localdate(),
        scope="涉密计算机与载体管理",
        inspectors="郑涛",
    )
    return inspections.dept_inspection_start(actor=user("security"), inspection=inspection)


def finding(inspection=None, owner="R0002", days=7):
    return inspections.dept_finding_record(
        actor=user("security"),
        inspection=inspection or under_way(),
        text="涉密U盘未登记",
        severity=DepartmentFinding.Severity.MAJOR,
        owner=Employee.objects.get(employee_no=owner),
        due_on=timezone.localdate() + datetime.timedelta(days=days),
    )


def test_an_inspection_goes_planned_under_way_done_and_keeps_its_history(demo):
    inspection = under_way()
    assert inspection.status == DepartmentInspection.Status.IN_PROGRESS
    assert inspection.carried_out_on == timezone.localdate()
    with pytest.raises(DomainError):
        inspections.dept_inspection_start(actor=user("security"), inspection=inspection)
    done = inspections.dept_inspection_finish(
        actor=user("security"), inspection=inspection, conclusion="基本合规"
    )
    assert done.status == DepartmentInspection.Status.DONE
    assert [h.history_user.username for h in done.history.all()] == ["security"] * 3


def test_only_the_security_office_plans_and_records(demo):
    with pytest.raises(PermissionDenied):
        inspections.dept_inspection_plan(
            actor=user("hr"),
            department=Department.objects.get(code="RD"),
            planned_on=timezone.localdate(),
            scope="x",
            inspectors="y",
        )
    inspection = under_way()
    with pytest.raises(PermissionDenied):
        inspections.dept_finding_record(
            actor=user("auditor"),
            inspection=inspection,
            text="x",
            severity="minor",
            owner=Employee.objects.get(employee_no="R0002"),
            due_on=timezone.localdate(),
        )


def test_findings_are_recorded_only_while_the_inspection_is_under_way(demo):
    inspection = under_way()
    inspections.dept_inspection_finish(
        actor=user("security"), inspection=inspection, conclusion="x"
    )
    with pytest.raises(DomainError):
        finding(inspection)


def test_the_owner_is_told_and_rectifies_then_the_office_verifies(demo):
    item = finding()
    assert Notification.objects.filter(recipient=user("emp_rd")).exists()
    item = inspections.dept_finding_rectify(actor=user("emp_rd"), finding=item, note="已登记入册")
    assert (item.status, item.rectified_by.username) == (Status.RECTIFIED, "emp_rd")
    item = inspections.dept_finding_verify(actor=user("security"), finding=item, accepted=True)
    assert (item.status, item.verified_by.username) == (Status.VERIFIED, "security")
    assert item.history.first().history_user.username == "security"


def test_a_rejected_rectification_goes_back_to_the_owner_with_the_reason(demo):
    item = finding()
    item = inspections.dept_finding_rectify(actor=user("head_rd"), finding=item, note="已处理")
    with pytest.raises(DomainError):
        inspections.dept_finding_verify(actor=user("security"), finding=item, accepted=False)
    item = inspections.dept_finding_verify(
        actor=user("security"), finding=item, accepted=False, note="未见登记记录"
    )
    assert item.status == Status.OPEN and item.verification == "未见登记记录"


def test_no_one_else_rectifies_and_only_the_office_verifies(demo):
    item = finding()
    for name in ("head_cs", "emp_cs", "auditor", "hr"):
        with pytest.raises(PermissionDenied):
            inspections.dept_finding_rectify(actor=user(name), finding=item, note="x")
    item = inspections.dept_finding_rectify(actor=user("emp_rd"), finding=item, note="已改")
    with pytest.raises(PermissionDenied):
        inspections.dept_finding_verify(actor=user("head_rd"), finding=item, accepted=True)


def _reminders(name):
    return Notification.objects.filter(
        recipient=user(name), dedupe_key__contains=":overdue:"
    ).count()


def test_a_finding_past_its_date_is_swept_and_reminded_once_a_day(demo):
    overdue, rectified, not_yet = finding(days=1), finding(days=1), finding(days=30)
    inspections.dept_finding_rectify(actor=user("emp_rd"), finding=rectified, note="已改")
    later = timezone.localdate() + datetime.timedelta(days=3)
    # The owner and the security office, for the one overdue finding only.
    assert sweeps.finding_reminders(today=later) == 2
    assert (_reminders("emp_rd"), _reminders("security")) == (1, 1)
    reminder = Notification.objects.get(recipient=user("emp_rd"), dedupe_key__contains="overdue")
    assert str(overdue.pk) in reminder.dedupe_key and not_yet.due_on > later
    assert sweeps.finding_reminders(today=later) == 0  # a second run the same day
    assert sweeps.finding_reminders(today=later + datetime.timedelta(days=1)) == 2


def test_the_sweep_is_a_scheduled_task():
    from django_celery_beat.models import PeriodicTask

    from clearance import tasks

    assert tasks.sweep_findings.name == "clearance.sweep_findings"
    assert PeriodicTask.objects.filter(task="clearance.sweep_findings").exists()


SEES_ALL = {"security", "auditor"}
# A finding's owner and the owner's head see it, and the inspection it belongs to.
SEES_OWN = {"emp_rd": "R0002", "head_rd": "R0002", "emp_cs": "C0002", "head_cs": "C0002"}


@pytest.mark.parametrize("username", ROLES)
def test_inspection_pages_for_every_role(demo, login, username):
    item = finding()
    finding(item.inspection, owner="C0002")
    client = login(username)
    detail = client.get(reverse("clearance:inspection_detail", args=[item.inspection_id]))
    sees = username in SEES_ALL or username in SEES_OWN
    assert detail.status_code == (200 if sees else 404)
    assert len(client.get(reverse("clearance:inspection_list")).context["page"]) == int(sees)
    if sees:
        shown = {f.owner.employee_no for f, *_flags in detail.context["rows"]}
        everyone = {"R0002", "C0002"}
        assert shown == (everyone if username in SEES_ALL else {SEES_OWN[username]})
    creating = client.get(reverse("clearance:inspection_create")).status_code
    assert creating == (200 if username == "security" else 403)
    rectify = client.post(reverse("clearance:finding_rectify", args=[item.pk]), {"note": "已改"})
    if SEES_OWN.get(username) == "R0002":
        assert rectify.status_code == 302
    else:
        assert rectify.status_code == (403 if username in SEES_ALL else 404)
    verify = client.post(reverse("clearance:finding_verify", args=[item.pk]), {"accepted": "1"})
    expected = 302 if username == "security" else 403 if username in SEES_ALL else 404
    expected = 403 if SEES_OWN.get(username) == "R0002" else expected
    assert verify.status_code == expected


def test_the_pages_plan_record_rectify_and_verify(demo, login):
    client = login("security")
    client.post(
        reverse("clearance:inspection_create"),
        {
            "department": Department.objects.get(code="RD").pk,
            "planned_on": timezone.localdate().isoformat(),
            "scope": "涉密载体",
            "inspectors": "郑涛",
        },
    )
    inspection = DepartmentInspection.objects.get()
    client.post(reverse("clearance:inspection_start", args=[inspection.pk]))
    owner = Employee.objects.get(employee_no="R0002")
    client.post(
        reverse("clearance:finding_add", args=[inspection.pk]),
        {
            "text": "未登记",
            "severity": "minor",
            "owner": owner.pk,
            "due_on": (timezone.localdate() + datetime.timedelta(days=5)).isoformat(),
        },
    )
    item = DepartmentFinding.objects.get()
    assert item.owner == owner
    page = login("emp_rd").get(reverse("clearance:inspection_detail", args=[inspection.pk]))
    assert "待整改" in page.content.decode() and "登记整改情况" in page.content.decode()
    login("emp_rd").post(reverse("clearance:finding_rectify", args=[item.pk]), {"note": "已登记"})
    login("security").post(
        reverse("clearance:finding_verify", args=[item.pk]), {"accepted": "1", "note": ""}
    )
    item.refresh_from_db()
    assert item.status == Status.VERIFIED


def test_the_list_searches_and_keeps_its_query_count(demo, login, django_assert_max_num_queries):
    for code in ("RD", "CS", "ADM"):
        finding(under_way(code), owner="R0002")
    client = login("security")
    assert len(client.get(reverse("clearance:inspection_list"), {"q": "客服"}).context["page"]) == 1
    with django_assert_max_num_queries(15):
        client.get(reverse("clearance:inspection_list"))
