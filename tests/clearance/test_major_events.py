"""C9: major personal events self-reported, reviewed by the security office."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from clearance.models import Incident, MajorEventReport
from clearance.services import major_events
from core.errors import DomainError
from personnel.models import DossierEntry
from tests.test_access_matrix import ROLES

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


def test_a_suspected_leak_opens_an_incident_at_once(demo):
    report = major_events.major_event_report(
        actor=user("emp_rd"),
        kind=MajorEventReport.Kind.SUSPECTED_LEAK,
        description="发现同事将图纸拷入私人U盘",
    )
    assert report.incident is not None
    assert Incident.objects.get().reported_by == user("emp_rd")


def test_other_kinds_wait_for_review_and_go_to_the_dossier(demo):
    report = major_events.major_event_report(
        actor=user("emp_rd"),
        kind=MajorEventReport.Kind.FOREIGN_APPROACH,
        description="境外机构人员约见",
    )
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
    from personnel.services.accounts import login_create

    login_create(
        actor=user("hr"),
        employee=Employee.objects.get(employee_no="C0005"),
        username="plain",
        password="x",
    )
    with pytest.raises(DomainError):
        major_events.major_event_report(actor=user("plain"), kind="other", description="x")


@pytest.mark.parametrize("username", ROLES)
def test_major_event_urls_for_every_role(demo, login, username):
    report = major_events.major_event_report(
        actor=user("emp_cs"), kind="other", description="配偶取得境外居留权"
    )
    client = login(username)
    assert client.get(reverse("clearance:report_create")).status_code == 200
    shown = len(client.get(reverse("clearance:report_list")).context["page"])
    assert shown == (1 if username in {"security", "emp_cs"} else 0)
    review = client.post(reverse("clearance:report_review", args=[report.pk]), {"outcome": "ok"})
    assert review.status_code == (
        302 if username == "security" else 403 if username == "emp_cs" else 404
    )


def test_reporting_through_the_form(demo, login):
    data = {"kind": "foreign_funding", "description": "收到境外资助邀请"}
    login("emp_rd").post(reverse("clearance:report_create"), data)
    assert MajorEventReport.objects.get().employee.employee_no == "R0002"


def _hidden_leak(who="emp_rd"):
    return major_events.major_event_report(
        actor=user(who),
        kind=MajorEventReport.Kind.SUSPECTED_LEAK,
        description="发现图纸被拷入私人U盘",
        hide_identity=True,
    )


def test_a_hidden_leak_report_opens_an_incident_that_hides_the_reporter(demo, login, tmp_path):
    import shutil
    import subprocess

    incident = _hidden_leak().incident
    assert incident.hide_identity and incident.reported_by == user("emp_rd")
    reporter_names = ["emp_rd", "黄磊"]
    assert not any(n in incident.title for n in reporter_names)
    for name in ["auditor", "gm"]:
        client = login(name)
        for url in [
            reverse("clearance:incident_detail", args=[incident.pk]),
            reverse("clearance:incident_list"),
        ]:
            html = client.get(url).content.decode()
            assert "身份" in html and not any(n in html for n in reporter_names), (name, url)
    path = tmp_path / "incidents.pdf"
    path.write_bytes(login("auditor").get(reverse("clearance:incident_register_pdf")).content)
    text = subprocess.run(
        [shutil.which("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "身份" in text and not any(n in text for n in reporter_names)
    security = login("security").get(reverse("clearance:incident_detail", args=[incident.pk]))
    assert "黄磊" in security.content.decode()  # emp_rd, by name


def test_the_access_log_hides_a_hidden_leak_reporter_reading_the_incident(demo, login):
    incident = _hidden_leak().incident
    assert (
        login("emp_rd").get(reverse("clearance:incident_detail", args=[incident.pk])).status_code
        == 200
    )
    rows = login("auditor").get(reverse("audit:access_log")).content.decode().split("<tbody>")[1]
    assert "emp_rd" not in rows and "黄磊" not in rows


def test_a_hidden_leak_report_leaves_no_trace_in_the_dossier(demo):
    report = _hidden_leak()
    major_events.major_event_review(actor=user("security"), report=report, outcome="已立案调查")
    assert not report.employee.dossier.filter(kind=DossierEntry.Kind.OTHER).exists()


def test_only_a_suspected_leak_hides_the_identity(demo, login):
    with pytest.raises(DomainError):
        major_events.major_event_report(
            actor=user("emp_rd"),
            kind="foreign_funding",
            description="收到境外资助邀请",
            hide_identity=True,
        )
    response = login("emp_rd").post(
        reverse("clearance:report_create"),
        {"kind": "foreign_funding", "description": "收到境外资助邀请", "hide_identity": "on"},
    )
    assert response.status_code == 200 and not MajorEventReport.objects.exists()


def test_the_form_offers_to_hide_the_identity_of_a_leak_reporter(demo, login):
    client = login("emp_cs")
    assert 'name="hide_identity"' in client.get(reverse("clearance:report_create")).content.decode()
    response = client.post(
        reverse("clearance:report_create"),
        {"kind": "suspected_leak", "description": "客户资料外泄", "hide_identity": "on"},
    )
    assert response.status_code == 302
    incident = MajorEventReport.objects.get().incident
    assert incident.hide_identity and incident.reported_by == user("emp_cs")
    assert "emp_cs" not in incident.title and "林芳" not in incident.title
