"""P7 leak incidents and whistle-blowing; the A6 hook for missing items."""

import datetime
import shutil
import subprocess

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from clearance import sweeps
from clearance.models import Incident
from clearance.services import incidents
from core.errors import DomainError
from core.transitions import transition
from personnel.models import DossierEntry
from tests.test_access_matrix import ROLES

pytestmark = pytest.mark.django_db
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def user(name):
    return get_user_model().objects.get(username=name)


def report(who="emp_rd", hide=False, discovered=None):
    return incidents.incident_report(
        actor=user(who),
        title="图纸外发",
        description="疑似将研发图纸发至外部邮箱",
        discovered_at=discovered or timezone.now() - datetime.timedelta(hours=1),
        hide_identity=hide,
    )


@pytest.mark.parametrize(
    "discovered, result_day",
    [
        (datetime.datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI), datetime.date(2027, 2, 23)),
        (datetime.datetime(2026, 11, 30, 23, 30, tzinfo=SHANGHAI), datetime.date(2027, 2, 28)),
        # 17:30 UTC on 31 Oct is 01:30 on 1 Nov in Shanghai: the local day counts.
        (datetime.datetime(2026, 10, 31, 17, 30, tzinfo=datetime.UTC), datetime.date(2027, 2, 1)),
    ],
)
def test_deadlines_from_the_discovery_in_shanghai(demo, discovered, result_day):
    incident = Incident(discovered_at=discovered)
    assert incidents.authority_due(incident) == discovered + datetime.timedelta(hours=24)
    assert incidents.result_due(incident) == result_day


def test_an_incident_cannot_close_without_its_result(demo):
    incident = report()
    with pytest.raises(DomainError):
        incidents.incident_close(actor=user("security"), incident=incident)
    incidents.incident_update(actor=user("security"), incident=incident, result="确认外发，已追回")
    closed = incidents.incident_close(actor=user("security"), incident=incident, reward=True)
    assert closed.status == Incident.Status.CLOSED and closed.reward
    with pytest.raises(DomainError):
        incidents.incident_update(actor=user("security"), incident=incident, result="x")


def _closed(incident, *, reward):
    incidents.incident_update(actor=user("security"), incident=incident, result="举报属实")
    return incidents.incident_close(actor=user("security"), incident=incident, reward=reward)


def test_a_rewarded_whistle_blow_reaches_the_reporters_dossier(demo):
    """P4/P7: a confirmed whistle-blow marked for reward stands in the whistle-blower's
    dossier as a reward; it names no incident, so the dossier's readers learn nothing of it."""
    _closed(report("emp_rd", hide=True), reward=True)
    _closed(report("emp_cs"), reward=False)
    rewards = DossierEntry.objects.filter(kind=DossierEntry.Kind.REWARD)
    assert list(rewards.values_list("employee__user__username", flat=True)) == ["emp_rd"]
    entry = rewards.get()
    assert entry.occurred_on == timezone.localdate()
    assert "图纸" not in entry.title + entry.detail
    assert entry.history.get().history_user == user("security")


def test_only_the_security_office_works_an_incident(demo):
    from django.core.exceptions import PermissionDenied

    incident = report()
    for name in ["gm", "auditor", "hr", "emp_rd"]:
        with pytest.raises(PermissionDenied):
            incidents.incident_update(actor=user(name), incident=incident, remedial_measures="x")


def test_the_sweep_warns_once_per_deadline_and_side(demo):
    discovered = timezone.now() - datetime.timedelta(hours=20)
    incident = report(discovered=discovered)
    assert sweeps.incident_clocks() == 2  # authority due soon: security and gm
    assert sweeps.incident_clocks() == 0
    late = discovered + datetime.timedelta(hours=25)
    assert sweeps.incident_clocks(now=late) == 2  # now missed
    assert sweeps.incident_clocks(now=late) == 0
    incidents.incident_update(actor=user("security"), incident=incident, authority_reported_at=late)
    result_soon = timezone.make_aware(
        datetime.datetime.combine(
            incidents.result_due(incident) - datetime.timedelta(days=3), datetime.time(9)
        )
    )
    assert sweeps.incident_clocks(now=result_soon) == 2
    assert sweeps.incident_clocks(now=result_soon) == 0


def test_the_missing_item_hook_opens_an_incident(demo):
    incident = incidents.incident_for_missing_item(
        actor=user("archivist"), item_title="机密档案 A-01", missing_since="2026-09-01"
    )
    assert incident.source == Incident.Source.MISSING_ITEM and "A-01" in incident.title


def test_a_hidden_whistle_blower_is_hidden_from_auditor_and_heads(demo, login, tmp_path):
    incident = report(who="emp_rd", hide=True)
    reporter_names = ["emp_rd", "黄磊"]
    for name in ["auditor", "gm"]:
        client = login(name)
        for url in [
            reverse("clearance:incident_detail", args=[incident.pk]),
            reverse("clearance:incident_list"),
        ]:
            html = client.get(url).content.decode()
            assert "图纸外发" in html and "身份" in html
            assert not any(n in html for n in reporter_names), (name, url)
    pdf = login("auditor").get(reverse("clearance:incident_register_pdf")).content
    path = tmp_path / "incidents.pdf"
    path.write_bytes(pdf)
    assert shutil.which("pdftotext")
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "图纸外发" in text and "机密★" in text
    assert not any(n in text for n in reporter_names)
    assert (
        login("head_rd").get(reverse("clearance:incident_detail", args=[incident.pk])).status_code
        == 404
    )
    security_html = (
        login("security")
        .get(reverse("clearance:incident_detail", args=[incident.pk]))
        .content.decode()
    )
    assert "黄磊" in security_html  # emp_rd, by name


def test_the_access_log_hides_a_whistle_blower_reading_their_report(demo, login):
    incident = report(who="emp_rd", hide=True)
    assert (
        login("emp_rd").get(reverse("clearance:incident_detail", args=[incident.pk])).status_code
        == 200
    )
    log = reverse("audit:access_log")
    auditor = login("auditor")
    for url in [log, f"{log}?q=emp_rd", f"{log}?q=图纸外发"]:
        rows = auditor.get(url).content.decode().split("<tbody>")[1]
        assert "emp_rd" not in rows and "黄磊" not in rows, url
    assert "身份" in auditor.get(f"{log}?q=图纸外发").content.decode()  # hidden, and says so
    assert "黄磊" in login("security").get(f"{log}?q=emp_rd").content.decode()
    from django.core.management import call_command

    call_command("verify_audit")  # the flag is covered by the hash chain


SEES_ALL = {"security", "gm", "auditor"}


@pytest.mark.parametrize("username", ROLES)
def test_incident_urls_for_every_role(demo, login, username):
    incident = report(who="emp_cs")
    client = login(username)
    sees = username in SEES_ALL or username == "emp_cs"
    expected = {
        reverse("clearance:incident_list"): 200,
        reverse("clearance:incident_create"): 200,
        reverse("clearance:incident_detail", args=[incident.pk]): 200 if sees else 404,
        reverse("clearance:incident_register_pdf"): 200 if username in SEES_ALL else 403,
    }
    assert {url: client.get(url).status_code for url in expected} == expected
    update = client.post(
        reverse("clearance:incident_update", args=[incident.pk]), {"remedial_measures": "封存电脑"}
    )
    assert update.status_code == (302 if username == "security" else (403 if sees else 404))


def test_anyone_reports_through_the_form(demo, login):
    with time_machine.travel(datetime.datetime(2026, 11, 23, 2, 0, tzinfo=datetime.UTC)):
        response = login("emp_cs").post(
            reverse("clearance:incident_create"),
            {
                "title": "U盘遗失",
                "description": "含客户资料的U盘遗失",
                "discovered_at": "2026-11-23T09:30",
                "hide_identity": "on",
            },
        )
    incident = Incident.objects.get()
    assert response.url == reverse("clearance:incident_detail", args=[incident.pk])
    assert incident.hide_identity and incident.reported_by == user("emp_cs")
    assert timezone.localtime(incident.discovered_at).hour == 9


def test_an_incident_moves_only_as_its_table_lists(demo):
    """Open → closed, and nothing after: closing twice is refused and changes nothing."""
    incident = report()
    incidents.incident_update(actor=user("security"), incident=incident, result="已查明")
    incidents.incident_close(actor=user("security"), incident=incident)
    with pytest.raises(DomainError):
        incidents.incident_close(actor=user("security"), incident=incident, reward=True)
    incident.refresh_from_db()
    assert incident.status == Incident.Status.CLOSED and not incident.reward
    with pytest.raises(DomainError):
        transition(incident, Incident.Status.OPEN)
