"""Education before leaving and before travel, and awareness activities: assigned by the
workflows (or HR in bulk), then attended like any session, earning its hours."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from core.models import Notification
from personnel.models import Department, DossierEntry
from training import services, sweeps
from training.models import Assignment, TrainingKind

from .hours_data import NOVEMBER, person, user

pytestmark = pytest.mark.django_db
MONTH = datetime.date(2026, 11, 1)


def awareness(**query) -> set[str]:
    return set(
        Assignment.objects.filter(kind=TrainingKind.AWARENESS, month=MONTH, **query).values_list(
            "employee__employee_no", flat=True
        )
    )


def test_hr_assigns_the_awareness_activity_to_a_department_then_to_everyone(demo, login):
    client = login("hr")
    rd = Department.objects.get(code="RD")
    with time_machine.travel(NOVEMBER):
        page = client.get(reverse("training:overview")).content.decode()
        assert reverse("training:awareness_assign") in page and "data-confirm" in page
        response = client.post(
            reverse("training:awareness_assign"), {"department": rd.pk}, follow=True
        )
        assert "本次分派 7 人，0 人此前已分派" in response.content.decode()
        assert awareness() == {"R0001", "R0002", "R0003", "R0004", "R0005", "R0006", "R0008"}
        response = client.post(
            reverse("training:awareness_assign"), {"department": ""}, follow=True
        )
        assert "本次分派 16 人，7 人此前已分派" in response.content.decode()
        assert len(awareness()) == 23
        assert "R0007" not in awareness()  # not classified


def test_a_bad_department_is_refused_with_a_message(demo, login):
    response = login("hr").post(
        reverse("training:awareness_assign"), {"department": "99999"}, follow=True
    )
    assert "请从列表中选择部门" in response.content.decode()
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("username", ["emp_rd", "head_rd", "auditor"])
def test_only_hr_assigns_awareness(demo, login, username):
    assert login(username).post(reverse("training:awareness_assign")).status_code == 403
    assert not Assignment.objects.exists()


def test_a_workflow_assignment_is_made_once_a_month_and_told(demo):
    with time_machine.travel(NOVEMBER):
        first = services.assign(actor=user("gm"), employee=person("R0002"), kind=TrainingKind.EXIT)
        again = services.assign(actor=user("gm"), employee=person("R0002"), kind=TrainingKind.EXIT)
    assert first.pk == again.pk and (first.month, first.status) == (MONTH, "assigned")
    told = Notification.objects.filter(recipient__username="emp_rd")
    assert [n.subject for n in told] == ["已为您分派培训：离岗前保密教育"]


@pytest.mark.parametrize("kind", [TrainingKind.EXIT, TrainingKind.TRAVEL, TrainingKind.AWARENESS])
def test_a_session_of_any_kind_records_attendance_and_credits_hours(demo, login, kind):
    hr = user("hr")
    with time_machine.travel(NOVEMBER):
        if kind == TrainingKind.AWARENESS:
            sweeps.assign_awareness(actor=hr)
            waiting = Assignment.objects.get(kind=kind, employee=person("R0002"))
        else:
            waiting = services.assign(actor=hr, employee=person("R0002"), kind=kind)
    # Held the month after it was assigned: these kinds count in any month.
    session = services.session_record(
        actor=hr,
        kind=kind,
        topic="保密专题教育",
        held_on=datetime.date(2026, 12, 3),
        trainer="郑涛",
        hours=Decimal("1.5"),
    )
    client = login("hr")
    page = client.get(reverse("training:session_detail", args=[session.pk])).content.decode()
    assert f'name="attended" value="{waiting.pk}"' in page
    response = client.post(
        reverse("training:session_results", args=[session.pk]),
        {"row": [waiting.pk], "attended": [waiting.pk], f"score-{waiting.pk}": ""},
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert (waiting.status, waiting.session, waiting.hours) == (
        Assignment.Status.ATTENDED,
        session,
        Decimal("1.5"),
    )
    assert DossierEntry.objects.filter(
        employee=person("R0002"), reference=f"training.assignment:{waiting.pk}"
    ).exists()
    # A monthly session does not take them.
    assert not services.attendable(session).filter(kind=TrainingKind.MONTHLY).exists()
