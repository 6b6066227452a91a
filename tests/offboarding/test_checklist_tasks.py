"""Issue 13, item 3: checklist items are tasks in their signers' inbox and notifications; IT's
access item and the closing wait for the last day unless HR records why not."""

import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.errors import DomainError
from core.models import Notification
from offboarding import services
from offboarding.models import ChecklistItem, DepartureChecklist
from personnel.models import Employee

from .conftest import exit_education_attend, user

pytestmark = pytest.mark.django_db
Kind = ChecklistItem.Kind
DAY = datetime.timedelta(days=1)

# emp_cs (客服部, general tier) leaves: who signs what.
SIGNERS = {
    "head_cs": {Kind.HANDOVER, Kind.CREDENTIALS},
    "archivist": {Kind.CLASSIFIED_RETURN},
    "it": {Kind.ACCESS_REVOKED, Kind.EQUIPMENT},
    # Leaving documents come last: they wait for HR only when every other item is done.
    "hr": {Kind.EXIT_EDUCATION, Kind.EXIT_COMMITMENT},
}


def inbox(login, username):
    return login(username).get(reverse("approvals:inbox")).context["rows"]


def item_of(resignation, kind):
    return resignation.checklist.items.get(kind=kind)


def item_url(resignation):
    return reverse("offboarding:resignation_detail", args=[resignation.pk])


@pytest.mark.parametrize("username", sorted(SIGNERS))
def test_each_signer_finds_their_items_in_the_inbox(approved, login, username):
    rows = inbox(login, username)
    labels = {str(Kind(kind).label) for kind in SIGNERS[username]}
    assert {row.name for row in rows} == labels
    assert {row.url for row in rows} == {item_url(approved)}


@pytest.mark.parametrize("username", sorted(SIGNERS))
def test_each_signer_is_told_when_the_checklist_opens(approved, username):
    notices = Notification.objects.filter(
        recipient=user(username), link=item_url(approved), subject__contains="待您签署"
    )
    assert notices.count() == 1
    for kind in SIGNERS[username]:
        assert str(Kind(kind).label) in notices.get().body


def test_nobody_else_gets_the_items(approved, login):
    for username in ("emp_cs", "head_rd", "vp", "security"):
        assert inbox(login, username) == []


def test_a_signed_item_leaves_the_inbox_and_the_badge_counts_items(approved, login):
    client = login("archivist")
    assert client.get(reverse("dashboard")).context["inbox_count"] == 1
    services.checklist_item_sign(
        actor=user("archivist"), item=item_of(approved, Kind.CLASSIFIED_RETURN)
    )
    assert inbox(login, "archivist") == []
    assert client.get(reverse("dashboard")).context["inbox_count"] == 0


def test_leaving_documents_reach_hr_once_everything_else_is_done(approved, login):
    others = {
        "head_cs": [Kind.HANDOVER, Kind.CREDENTIALS],
        "archivist": [Kind.CLASSIFIED_RETURN],
        "it": [Kind.EQUIPMENT],
        "hr": [Kind.EXIT_EDUCATION, Kind.EXIT_COMMITMENT],
    }
    exit_education_attend(approved)
    for username, kinds in others.items():
        for kind in kinds:
            services.checklist_item_sign(actor=user(username), item=item_of(approved, kind))
    with time_machine.travel(approved.last_day):
        services.checklist_item_sign(actor=user("it"), item=item_of(approved, Kind.ACCESS_REVOKED))
    assert [row.name for row in inbox(login, "hr")] == [str(Kind.LEAVING_DOCUMENTS.label)]


def test_the_home_page_counts_the_items_too(approved, login):
    sections = login("it").get(reverse("dashboard")).context["sections"]
    it = next(section for section in sections if section.key == "it")
    assert {item.key: item.count for item in it.todo} == {"revoke": 1, "equipment": 1}


def test_the_inbox_costs_the_same_queries_however_many_items(
    approved, submit, django_assert_max_num_queries, login
):
    from tests.offboarding.conftest import decide

    client = login("it")
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("approvals:inbox"))
    other = submit(who="emp_rd", no="R0002")
    for username in ["head_rd", "hr", "hr_head", "vp", "gm"]:
        decide(other, username)
    with django_assert_max_num_queries(len(few.captured_queries)):
        rows = client.get(reverse("approvals:inbox")).context["rows"]
    assert len(rows) == 4


# --- The last working day ---------------------------------------------------------------


def test_access_is_not_revoked_before_the_last_day_without_a_reason(approved):
    with pytest.raises(DomainError, match="最后工作日"):
        services.checklist_item_sign(actor=user("it"), item=item_of(approved, Kind.ACCESS_REVOKED))
    assert not item_of(approved, Kind.ACCESS_REVOKED).signed


def test_with_hrs_reason_access_is_revoked_early_and_at_once(approved):
    checklist = approved.checklist
    with pytest.raises(DomainError):
        services.checklist_early_reason_set(actor=user("hr"), checklist=checklist, reason="  ")
    with pytest.raises(PermissionDenied):
        services.checklist_early_reason_set(
            actor=user("it"), checklist=checklist, reason="提前离岗"
        )
    services.checklist_early_reason_set(
        actor=user("hr"), checklist=checklist, reason="本人申请提前离岗，工作已交接"
    )
    services.checklist_item_sign(actor=user("it"), item=item_of(approved, Kind.ACCESS_REVOKED))
    assert item_of(approved, Kind.ACCESS_REVOKED).signed
    assert not user("emp_cs").is_active
    record = checklist.history.filter(early_reason__contains="提前离岗").last()
    assert record.history_user == user("hr")


def sign_everything(resignation):
    exit_education_attend(resignation)
    for username, kinds in SIGNERS.items():
        for kind in kinds - {Kind.ACCESS_REVOKED}:
            services.checklist_item_sign(actor=user(username), item=item_of(resignation, kind))


def test_the_checklist_does_not_close_before_the_last_day_without_a_reason(approved):
    with pytest.raises(DomainError, match="最后工作日"):
        services.checklist_close(actor=user("hr"), checklist=approved.checklist)
    services.checklist_early_reason_set(
        actor=user("hr"), checklist=approved.checklist, reason="合同提前解除"
    )
    sign_everything(approved)
    services.checklist_item_sign(actor=user("it"), item=item_of(approved, Kind.ACCESS_REVOKED))
    services.checklist_item_sign(actor=user("hr"), item=item_of(approved, Kind.LEAVING_DOCUMENTS))
    services.checklist_close(actor=user("hr"), checklist=approved.checklist)
    assert Employee.objects.get(employee_no="C0002").status == Employee.Status.DEPARTED


def test_on_the_last_day_no_reason_is_needed(approved):
    sign_everything(approved)
    with time_machine.travel(approved.last_day):
        services.checklist_item_sign(actor=user("it"), item=item_of(approved, Kind.ACCESS_REVOKED))
        services.checklist_item_sign(
            actor=user("hr"), item=item_of(approved, Kind.LEAVING_DOCUMENTS)
        )
        services.checklist_close(actor=user("hr"), checklist=approved.checklist)
    assert DepartureChecklist.objects.get().closed_at is not None


def test_hr_records_the_reason_on_the_page(approved, login):
    url = reverse("offboarding:checklist_early_reason", args=[approved.pk])
    page = login("hr").get(item_url(approved)).content.decode()
    assert url in page
    response = login("it").post(url, {"early_reason": "提前离岗"})
    assert response.status_code == 403
    response = login("hr").post(url, {"early_reason": ""})
    assert any(m.level_tag == "error" for m in get_messages(response.wsgi_request))
    login("hr").post(url, {"early_reason": "提前离岗"})
    assert DepartureChecklist.objects.get().early_reason == "提前离岗"
    page = login("hr").get(item_url(approved)).content.decode()
    assert "提前离岗" in page
