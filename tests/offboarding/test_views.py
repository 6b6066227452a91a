import datetime
import shutil
import subprocess

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from approvals.models import Decision
from audit.models import AccessLog
from offboarding import services
from offboarding.models import ChecklistItem, Resignation
from personnel.models import Employee
from tests.test_access_matrix import ROLES

from .conftest import CHAIN, user

pytestmark = pytest.mark.django_db

SEES_ALL = {"hr", "hr_head", "vp", "gm", "security", "auditor"}


def in_days(days):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_an_employee_submits_through_the_form(demo, login):
    client = login("emp_cs")
    assert "last_day" in client.get(reverse("offboarding:resignation_create")).content.decode()
    response = client.post(
        reverse("offboarding:resignation_create"), {"last_day": in_days(30), "reason": "深造"}
    )
    resignation = Resignation.objects.get()
    assert response.url == reverse("offboarding:resignation_detail", args=[resignation.pk])
    assert resignation.employee.employee_no == "C0002"


def test_a_short_notice_is_refused_in_chinese_and_nothing_is_saved(demo, login):
    response = login("emp_cs").post(
        reverse("offboarding:resignation_create"), {"last_day": in_days(29), "reason": "x"}
    )
    assert response.status_code == 200
    assert "30" in response.content.decode() and "天" in response.content.decode()
    assert not Resignation.objects.exists()


def test_hr_files_for_an_employee_with_an_override(demo, login):
    employee = Employee.objects.get(employee_no="C0003")
    login("hr").post(
        reverse("offboarding:resignation_create"),
        {
            "employee": employee.pk,
            "last_day": in_days(5),
            "reason": "x",
            "override_reason": "合同到期",
        },
    )
    assert Resignation.objects.get().notice_override_reason == "合同到期"


@pytest.fixture
def pending(submit):
    return submit()


def expected_detail(username, stage):
    if username in SEES_ALL or username in ("head_cs", "emp_cs"):
        return 200
    if stage == "exit" and username in ("archivist", "it"):
        return 200  # they sign checklist items
    return 404


@pytest.mark.parametrize("username", ROLES)
def test_who_sees_a_resignation_in_approval(pending, login, username):
    url = reverse("offboarding:resignation_detail", args=[pending.pk])
    assert login(username).get(url).status_code == expected_detail(username, "approval")


@pytest.mark.parametrize("username", ROLES)
def test_who_sees_a_resignation_in_exit(approved, login, username):
    url = reverse("offboarding:resignation_detail", args=[approved.pk])
    assert login(username).get(url).status_code == expected_detail(username, "exit")


@pytest.mark.parametrize("username", ROLES)
def test_the_list_shows_only_visible_resignations(pending, login, username):
    response = login(username).get(reverse("offboarding:resignation_list"))
    shown = [r.pk for r in response.context["page"]]
    assert shown == ([pending.pk] if expected_detail(username, "approval") == 200 else [])


@pytest.mark.parametrize("username", ROLES)
def test_only_the_department_head_decides_the_first_step(pending, login, username):
    url = reverse("offboarding:resignation_decide", args=[pending.pk])
    response = login(username).post(
        url, {"decision": "approve", "comment": "同意", "handover_arrangements": "交接"}
    )
    decided = Decision.objects.exists()
    if expected_detail(username, "approval") == 404:
        assert response.status_code == 404 and not decided
    elif username == "head_cs":
        assert response.status_code == 302 and decided
    else:
        assert response.status_code == 302 and not decided
        assert any(m.level_tag == "error" for m in get_messages(response.wsgi_request))


@pytest.mark.parametrize("username", ROLES)
def test_register_pdf_rights(demo, login, username):
    response = login(username).get(reverse("offboarding:register_pdf"))
    assert response.status_code == (200 if username in {"hr", "auditor"} else 403)


def test_the_whole_journey_through_the_pages(pending, login):
    url = reverse("offboarding:resignation_decide", args=[pending.pk])
    login("head_cs").post(
        url,
        {
            "decision": "approve",
            "comment": "同意离职",
            "handover_arrangements": "项目交给许静",
            "classified_materials": "客户档案两册",
            "passwords_held": "客服系统账号",
        },
    )
    for username in CHAIN[1:]:
        login(username).post(url, {"decision": "approve", "comment": "同意"})
    pending.refresh_from_db()
    assert pending.status == Resignation.Status.EXIT
    assert pending.classified_materials == "客户档案两册"
    page = login("emp_cs").get(reverse("offboarding:resignation_detail", args=[pending.pk]))
    html = page.content.decode()
    assert "离职手续单" in html and "项目交给许静" in html and "脱密期" in html
    item = pending.checklist.items.get(kind=ChecklistItem.Kind.CLASSIFIED_RETURN)
    sign = reverse("offboarding:checklist_item_sign", args=[item.pk])
    login("archivist").post(sign, {"note": "已归还两册"})
    item.refresh_from_db()
    assert item.signed_by.username == "archivist" and item.note == "已归还两册"
    close = login("hr").post(reverse("offboarding:checklist_close", args=[pending.pk]))
    # Before the last day and with no reason from HR, it does not close (issue 13).
    assert any("最后工作日" in str(m) for m in get_messages(close.wsgi_request))
    assert AccessLog.objects.filter(target_type="offboarding.resignation").exists()


def test_the_inbox_lists_what_waits_for_me(pending, login):
    rows = login("head_cs").get(reverse("approvals:inbox")).context["rows"]
    assert [(row.title, row.url) for row in rows] == [
        (pending.chain.title, reverse("offboarding:resignation_detail", args=[pending.pk]))
    ]
    assert login("hr").get(reverse("approvals:inbox")).context["rows"] == []
    assert login("emp_cs").get(reverse("approvals:inbox")).context["rows"] == []


def test_the_register_pdf_lists_the_period(approved, login, tmp_path):
    today = timezone.localdate().isoformat()
    response = login("auditor").get(
        reverse("offboarding:register_pdf"), {"date_from": today, "date_to": today}
    )
    path = tmp_path / "register.pdf"
    path.write_bytes(response.content)
    assert shutil.which("pdftotext")
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "林芳" in text and "客服部" in text and "离职登记表" in text and "秘密★" in text
    assert "0/8" in text  # checklist completion


def _waiting_for_approval(client) -> int:
    sections = client.get(reverse("dashboard")).context["sections"]
    items = [item for section in sections for item in section.items if item.key == "approvals"]
    return items[0].count


def test_the_home_page_counts_what_waits_for_me(pending, login):
    assert _waiting_for_approval(login("head_cs")) == 1
    assert _waiting_for_approval(login("vp")) == 0


def test_notifications_reach_the_inbox_page_and_are_marked_read(pending, login):
    client = login("head_cs")
    assert client.get(reverse("dashboard")).context["unread_notifications"] == 1
    page = client.get(reverse("audit:notification_list"))
    assert "待您审批" in page.content.decode()
    assert client.get(reverse("dashboard")).context["unread_notifications"] == 0


@pytest.mark.parametrize("username", ROLES)
def test_withdraw_sign_and_close_rights(approved, submit, login, username):
    """Every role on the remaining offboarding URLs: 404 when invisible, a refusal message
    and no change when visible but not theirs."""
    # HR recorded why access may go before the last day (issue 13).
    services.checklist_early_reason_set(
        actor=user("hr"), checklist=approved.checklist, reason="提前离岗"
    )
    client = login(username)
    item = approved.checklist.items.get(kind=ChecklistItem.Kind.ACCESS_REVOKED)
    sign = client.post(reverse("offboarding:checklist_item_sign", args=[item.pk]))
    item.refresh_from_db()
    visible = expected_detail(username, "exit") == 200
    assert sign.status_code == (302 if visible else 404)
    assert item.signed == (username == "it")
    close = client.post(reverse("offboarding:checklist_close", args=[approved.pk]))
    expected_close = 404 if not visible else (302 if username == "hr" else 403)
    assert close.status_code == expected_close
    approved.checklist.refresh_from_db()
    assert approved.checklist.closed_at is None  # items are open: never closes
    other = submit(who="emp_rd", no="R0002")
    withdraw = client.post(reverse("offboarding:resignation_withdraw", args=[other.pk]))
    other.refresh_from_db()
    sees_rd = username in SEES_ALL or username in ("head_rd", "emp_rd")
    assert withdraw.status_code == (302 if sees_rd else 404)
    withdrawn = other.status == Resignation.Status.WITHDRAWN
    assert withdrawn == (username in ("hr", "emp_rd"))


@pytest.mark.parametrize("username", ROLES)
def test_who_may_open_the_resignation_form(demo, login, username):
    assert login(username).get(reverse("offboarding:resignation_create")).status_code == 200
    assert login(username).get(reverse("approvals:inbox")).status_code == 200
