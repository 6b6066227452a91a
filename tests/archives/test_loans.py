"""A4 loans: 3 days at most, never beyond the stock, handed out and returned in the register,
the daily sweep; the open-loans selector the departure checklist reads."""

import datetime
import shutil
import subprocess

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from archives.models import ArchiveItem, Loan
from archives.selectors import open_loans_of, visible_items
from archives.services import loans, reading
from archives.sweeps import archive_sweep
from audit.history import save_recorded
from core.classification import Level
from core.errors import DomainError
from core.models import Notification
from core.transitions import transition

from .helpers import employee, grant, grant_all, make_item, user

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def cleared(demo):
    grant_all()


def apply(username, item, days=3, copies=1):
    return loans.loan_apply(
        actor=user(username),
        item=item,
        copies=copies,
        reason="现场核对",
        due_date=timezone.localdate() + days * DAY,
    )


def approved(username, item, days=3, copies=1):
    loan = apply(username, item, days, copies)
    head = {"emp_rd": "head_rd", "emp_cs": "head_cs"}[username]
    for name in (head, "info_spec"):
        loans.loan_decide(actor=user(name), loan=loan, outcome="approve")
    loan.refresh_from_db()
    assert loan.status == Loan.Status.APPROVED
    return loan


def hand_out(loan):
    return loans.loan_hand_out(actor=user("archivist"), loan=loan, borrower_signed=True)


def test_a_loan_lasts_at_most_three_days(cleared):
    item = make_item(Level.CONFIDENTIAL, copies=3)
    assert apply("emp_cs", item, days=3).status == Loan.Status.REQUESTED
    with pytest.raises(DomainError, match="3"):
        apply("emp_cs", item, days=4)


def test_the_loan_page_refuses_four_days_with_a_message(cleared, login):
    item = make_item(Level.INTERNAL)
    client = login("emp_cs")
    due = (timezone.localdate() + 4 * DAY).isoformat()
    response = client.post(
        reverse("archives:loan_create") + f"?item={item.pk}",
        {"copies": 1, "reason": "核对", "due_date": due},
    )
    assert response.status_code == 200 and not Loan.objects.filter(item=item).exists()
    due = (timezone.localdate() + 3 * DAY).isoformat()
    response = client.post(
        reverse("archives:loan_create") + f"?item={item.pk}",
        {"copies": 1, "reason": "核对", "due_date": due},
    )
    assert response.status_code == 302 and Loan.objects.filter(item=item).count() == 1


def test_copies_cannot_be_lent_beyond_the_stock(cleared):
    item = make_item(Level.INTERNAL, copies=2)
    with pytest.raises(DomainError):
        apply("emp_cs", item, copies=3)
    first = approved("emp_cs", item, copies=2)
    with pytest.raises(DomainError):
        apply("emp_rd", item, copies=1)  # both copies are promised
    hand_out(first)
    assert ArchiveItem.objects.get(pk=item.pk).status == ArchiveItem.Status.ON_LOAN


def test_hand_out_needs_the_borrowers_signature_and_return_frees_the_copies(cleared):
    item = make_item(Level.CONFIDENTIAL)
    loan = approved("emp_cs", item)
    with pytest.raises(DomainError):
        loans.loan_hand_out(actor=user("archivist"), loan=loan, borrower_signed=False)
    with pytest.raises(Exception):  # noqa: B017  only the clerk hands out (PermissionDenied)
        loans.loan_hand_out(actor=user("info_spec"), loan=loan, borrower_signed=True)
    loan = hand_out(loan)
    assert list(open_loans_of(employee("emp_cs"))) == [loan]
    loan = loans.loan_return(actor=user("archivist"), loan=loan, borrower_signed=True)
    assert loan.status == Loan.Status.RETURNED and loan.received_by == user("archivist")
    assert not open_loans_of(employee("emp_cs")).exists()
    assert ArchiveItem.objects.get(pk=item.pk).status == ArchiveItem.Status.IN_STORE


def test_a_top_secret_loan_needs_two_person_authorization(cleared):
    grant("emp_rd", Level.TOP_SECRET)
    item = make_item(Level.TOP_SECRET, custodian="R0002")  # emp_rd keeps it, so may ask
    loan = apply("emp_rd", item)
    for name in ("head_rd", "info_spec", "gm"):
        loans.loan_decide(actor=user(name), loan=loan, outcome="approve")
    loan.refresh_from_db()
    assert loan.status == Loan.Status.REQUESTED
    loans.loan_decide(actor=user("security"), loan=loan, outcome="approve")
    loan.refresh_from_db()
    assert loan.status == Loan.Status.APPROVED
    assert visible_items(user("emp_rd")).filter(pk=item.pk).exists()


def test_hand_out_and_return_over_http_show_in_the_register(cleared, login):
    item = make_item(Level.CONFIDENTIAL, title="客户资料汇编")
    loan = approved("emp_cs", item)
    clerk = login("archivist")
    clerk.post(reverse("archives:loan_hand_out", args=[loan.pk]), {"borrower_signed": "on"})
    loan.refresh_from_db()
    assert loan.status == Loan.Status.OUT and loan.borrower_signed_out
    page = clerk.get(reverse("archives:loan_list")).content.decode()
    assert "客户资料汇编" in page and "林芳" in page
    clerk.post(reverse("archives:loan_return", args=[loan.pk]), {"borrower_signed": "on"})
    loan.refresh_from_db()
    assert loan.status == Loan.Status.RETURNED and loan.borrower_signed_return
    # The register never lists a loan above the reader's ceiling.
    assert "客户资料汇编" not in login("hr").get(reverse("archives:loan_list")).content.decode()


def _notices(user_name, loan, kind="overdue"):
    key = f"archives:loan:{loan.pk}:{kind}"
    return Notification.objects.filter(recipient=user(user_name), dedupe_key__startswith=key)


def test_the_sweep_reminds_the_day_before_and_marks_overdue_once_a_day(cleared):
    loan = hand_out(approved("emp_cs", make_item(Level.INTERNAL), days=1))
    today = timezone.localdate()
    archive_sweep(actor=user("hr"), today=today)
    assert _notices("emp_cs", loan, "due-soon").count() == 1
    overdue_day = loan.due_date + DAY
    first = archive_sweep(actor=user("hr"), today=overdue_day)
    second = archive_sweep(actor=user("hr"), today=overdue_day)
    loan.refresh_from_db()
    assert loan.status == Loan.Status.OVERDUE
    assert first["loans_marked_overdue"] == 1 and second["loans_marked_overdue"] == 0
    assert first["overdue_notices"] == 3 and second["overdue_notices"] == 0  # clerk, head, borrower
    assert _notices("archivist", loan).count() == 1 and _notices("head_cs", loan).count() == 1
    archive_sweep(actor=user("hr"), today=overdue_day + DAY)
    assert _notices("archivist", loan).count() == 2  # every day it stays out
    assert loan.history.filter(status=Loan.Status.OVERDUE).exists()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_the_register_pdf_lists_the_loans_of_the_range_in_chinese_with_the_marking(cleared, login):
    inside = hand_out(approved("emp_cs", make_item(Level.CONFIDENTIAL, title="客户回访记录")))
    returned = hand_out(approved("emp_rd", make_item(Level.INTERNAL, title="研发周报汇编")))
    loans.loan_return(actor=user("archivist"), loan=returned, borrower_signed=True)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=40)):
        hand_out(approved("emp_cs", make_item(Level.INTERNAL, title="上月旧档案")))
    today = timezone.localdate().isoformat()
    response = login("archivist").get(
        reverse("archives:register_pdf"), {"from": today, "to": today}
    )
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "档案外借登记册" in text and "秘密★" in text
    assert "客户回访记录" in text and "研发周报汇编" in text and "上月旧档案" not in text
    assert "林芳" in text and "周敏" in text
    assert inside.pk and login("emp_cs").get(reverse("archives:register_pdf")).status_code == 403


def test_the_register_and_request_list_search_by_item_or_person(cleared, login):

    first = make_item(Level.INTERNAL, title="客服话术手册", department="CS")
    second = make_item(Level.INTERNAL, title="研发周报")
    apply("emp_cs", first)
    apply("emp_rd", second)
    reading.reading_request(actor=user("emp_cs"), item=first, purpose="核对", reason="工作")
    client = login("archivist")

    def rows(url, q):
        return client.get(url, {"q": q}).content.decode().split("<tbody>")[1]

    register = reverse("archives:loan_list")
    for q, shown, hidden in [
        ("话术", first, second),
        ("黄磊", second, first),
        (second.catalogue_no, second, first),
    ]:
        found = rows(register, q)
        assert shown.catalogue_no in found and hidden.catalogue_no not in found, q
    requests = reverse("archives:request_list")
    assert first.catalogue_no in rows(requests, "林芳")
    assert first.catalogue_no not in rows(requests, "黄磊")


def _due():
    return timezone.localdate() + datetime.timedelta(days=2)


def test_the_register_pdf_masks_a_title_the_reader_may_not_see(demo, login, tmp_path):
    grant_all()
    # A temporary 机密 clearance (C3): within the ceiling, but neither keeper nor overseer.
    clearance = grant("info_spec", Level.SECRET)
    clearance.temporary, clearance.valid_until = True, _due()
    save_recorded(clearance, user("hr"))
    item = make_item(Level.SECRET, custodian="R0002", title="保密题名卷")
    loan = loans.loan_apply(
        actor=user("emp_rd"), item=item, copies=1, reason="核对", due_date=_due()
    )
    for name in ("head_rd", "info_spec"):
        loans.loan_decide(actor=user(name), loan=loan, outcome="approve")
    loans.loan_hand_out(actor=user("archivist"), loan=loan, borrower_signed=True)
    client = login("info_spec")
    path = tmp_path / "register.pdf"
    path.write_bytes(client.get(reverse("archives:register_pdf")).content)
    text = subprocess.run(
        [shutil.which("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert item.catalogue_no in text and "保密题名卷" not in text
    html = client.get(reverse("archives:loan_list")).content.decode()
    assert item.catalogue_no in html and "保密题名卷" not in html


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (Loan.Status.RETURNED, Loan.Status.OUT),
        (Loan.Status.REQUESTED, Loan.Status.OUT),
        (Loan.Status.REJECTED, Loan.Status.APPROVED),
        (Loan.Status.OVERDUE, Loan.Status.OUT),
    ],
)
def test_a_loan_refuses_a_move_its_table_does_not_list(start, to):
    row = Loan(status=start)
    with pytest.raises(DomainError):
        transition(row, to)
    assert row.status == start


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (Loan.Status.APPROVED, Loan.Status.OUT),
        (Loan.Status.OVERDUE, Loan.Status.RETURNED),
    ],
)
def test_a_loan_takes_a_move_its_table_lists(start, to):
    row = Loan(status=start)
    transition(row, to)
    assert row.status == to
