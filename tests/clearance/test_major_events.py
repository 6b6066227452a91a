"""C9: major personal events self-reported, reviewed by the security office."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from audit.errors import DomainError
from clearance import major_events
from clearance.models import Incident, MajorEventReport
from personnel.models import DossierEntry
from tests.test_access_matrix import ROLES

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


def test_a_suspected_leak_opens_an_incident_at_once(demo):
    report = major_events.major_event_report(
        actor=user("emp_rd"), kind=MajorEventReport.Kind.SUSPECTED_LEAK,
        description="发现同事将图纸拷入私人U盘",
    )  # fmt: skip
    assert report.incident is not None
    assert Incident.objects.get().reported_by == user("emp_rd")


def test_other_kinds_wait_for_review_and_go_to_the_dossier(demo):
    report = major_events.major_event_report(
        actor=user("emp_rd"), kind=MajorEventReport.Kind.FOREIGN_APPROACH,
        description="境外机构人员约见",
    )  # fmt: skip
    assert report.incident is None and not Incident.objects.exists()
    with pytest.raises(DomainError):
        major_events.major_event_review(actor=user("security"), report=report, outcome=" ")
    major_events.major_event_review(actor=user("security"), report=report, outcome="已谈话提醒")
    with pytest.raises(DomainError):
        major_events.major_event_review(actor=user("security"), report=report, outcome="again")
    entry = report.employee.dossier.get(kind=DossierEntry.Kind.OTHER)
    assert "已谈话提醒" in entry.detail


def test_only_classified_staff_report(demo):
    from personnel.models import Employee
    from personnel.services import login_create

    login_create(actor=user("admin"), employee=Employee.objects.get(employee_no="C0005"),
                 username="plain", password="x")  # fmt: skip
    with pytest.raises(DomainError):
        major_events.major_event_report(actor=user("plain"), kind="other", description="x")


@pytest.mark.parametrize("username", ROLES)
def test_major_event_urls_for_every_role(demo, login, username):
    report = major_events.major_event_report(actor=user("emp_cs"), kind="other",
                                             description="配偶取得境外居留权")  # fmt: skip
    client = login(username)
    assert client.get(reverse("clearance:report_create")).status_code == 200
    shown = len(client.get(reverse("clearance:report_list")).context["page"])
    assert shown == (1 if username in {"security", "emp_cs"} else 0)
    review = client.post(reverse("clearance:report_review", args=[report.pk]), {"outcome": "ok"})
    assert review.status_code == (302 if username == "security"
                                  else 403 if username == "emp_cs" else 404)  # fmt: skip


def test_reporting_through_the_form(demo, login):
    data = {"kind": "foreign_funding", "description": "收到境外资助邀请"}
    login("emp_rd").post(reverse("clearance:report_create"), data)
    assert MajorEventReport.objects.get().employee.employee_no == "R0002"
