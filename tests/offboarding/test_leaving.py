"""The end of the departure checklist: the duty reminder (F8), and the checklist and the
leaving documents as PDFs (F6)."""

import datetime
import subprocess

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.models import Notification
from offboarding import services
from offboarding.models import ChecklistItem
from personnel.models import Agreement
from tests.sample_files import PDF

from .conftest import CHAIN, decide, employee, exit_education_attend, user

pytestmark = pytest.mark.django_db

SIGNERS = {
    ChecklistItem.Kind.HANDOVER: "head_cs",
    ChecklistItem.Kind.CLASSIFIED_RETURN: "archivist",
    ChecklistItem.Kind.CREDENTIALS: "head_cs",
    ChecklistItem.Kind.ACCESS_REVOKED: "it",
    ChecklistItem.Kind.EQUIPMENT: "it",
    ChecklistItem.Kind.EXIT_EDUCATION: "hr",
    ChecklistItem.Kind.EXIT_COMMITMENT: "hr",
    ChecklistItem.Kind.BILATERAL: "hr",
    ChecklistItem.Kind.LEAVING_DOCUMENTS: "hr",
}


def after_last_day(resignation):
    return time_machine.travel(resignation.last_day + datetime.timedelta(days=1))


def sign_all(resignation):
    """Every item signed the day after the last day: the login goes off with the access."""
    exit_education_attend(resignation)
    for item in resignation.checklist.items.order_by("order"):
        services.checklist_item_sign(actor=user(SIGNERS[item.kind]), item=item, note="已办")


def test_the_duty_reminder_reaches_a_leaver_whose_login_is_already_off(
    approved, django_capture_on_commit_callbacks
):
    with after_last_day(approved):
        sign_all(approved)
        assert not user("emp_cs").is_active
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.checklist_close(actor=user("hr"), checklist=approved.checklist)
    reminder = Notification.objects.get(
        recipient=user("emp_cs"), dedupe_key=f"offboarding:reminder-duty:{approved.pk}"
    )
    sent = [m for m in mail.outbox if m.to == ["emp_cs@baomi.example"]]
    assert [m.subject for m in sent] == [reminder.subject]
    assert "法律责任" in sent[0].body


def test_the_closed_checklist_shows_the_duty_reminder(approved, login):
    page = reverse("offboarding:resignation_detail", args=[approved.pk])
    assert 'data-testid="duty-reminder"' not in login("hr").get(page).content.decode()
    with after_last_day(approved):
        sign_all(approved)
        response = login("hr").post(
            reverse("offboarding:checklist_close", args=[approved.pk]), follow=True
        )
    html = response.content.decode()
    assert 'data-testid="duty-reminder"' in html
    assert "离职后您仍须履行保密义务" in html and "法律责任" in html


def _rd_approved():
    """emp_rd (technical department) leaves: the checklist has the bilateral agreement."""
    resignation = services.resignation_submit(
        actor=user("emp_rd"),
        employee=employee("R0002"),
        last_day=timezone.localdate() + datetime.timedelta(days=30),
        reason="深造",
    )
    for username in ["head_rd", *CHAIN[1:]]:
        decide(resignation, username)
    resignation.refresh_from_db()
    return resignation


@pytest.mark.parametrize("kind", [ChecklistItem.Kind.EXIT_COMMITMENT, ChecklistItem.Kind.BILATERAL])
def test_an_agreement_signed_on_the_checklist_takes_its_scan_afterwards(demo, login, kind):
    """P5: the exit commitment and the bilateral agreement the checklist records have no
    scan yet; the checklist's page offers HR to add it, and then links to it."""
    resignation = _rd_approved()
    item = resignation.checklist.items.get(kind=kind)
    services.checklist_item_sign(actor=user("hr"), item=item)
    agreement = Agreement.objects.get(employee=resignation.employee, kind=kind)
    assert not agreement.scan
    page = reverse("offboarding:resignation_detail", args=[resignation.pk])
    upload = reverse("personnel:agreement_scan_upload", args=[agreement.pk])
    assert upload in login("hr").get(page).content.decode()
    assert upload not in login("head_rd").get(page).content.decode()
    scan = SimpleUploadedFile("承诺书.pdf", PDF, "application/pdf")
    assert login("hr").post(upload, {"scan": scan}).status_code == 302
    agreement.refresh_from_db()
    assert agreement.scan.read() == PDF
    html = login("hr").get(page).content.decode()
    assert reverse("personnel:agreement_scan", args=[agreement.pk]) in html
    assert upload not in html


def pdf_text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()


def test_the_checklist_prints_with_each_items_signature_and_date(approved, login):
    """F6: 《员工离公司手续单》 as a PDF: every item with who signed it and when."""
    url = reverse("offboarding:checklist_pdf", args=[approved.pk])
    before = pdf_text(login("hr").get(url))
    assert "员工离公司手续单" in before and "未签" in before
    with after_last_day(approved):
        sign_all(approved)
        services.checklist_close(actor=user("hr"), checklist=approved.checklist)
    text = pdf_text(login("hr").get(url))
    signed_on = (approved.last_day + datetime.timedelta(days=1)).isoformat()
    assert "未签" not in text and "秘密★" in text
    for item in approved.checklist.items.select_related("signed_by__employee"):
        assert item.get_kind_display() in text
        assert item.signed_by.employee.name in text
    assert text.count(signed_on) >= approved.checklist.items.count()
    assert approved.employee.name in text and "已办" in text
    assert login("emp_rd").get(url).status_code == 404  # not theirs to see


def test_the_leaving_documents_print_once_issued(approved, login):
    """F6: the leaving documents (退工通知单, 劳动手册) print once HR issued them, with the
    checklist's signatures and dates."""
    url = reverse("offboarding:leaving_documents_pdf", args=[approved.pk])
    assert login("hr").get(url).status_code == 404  # not issued yet
    with after_last_day(approved):
        sign_all(approved)
    text = pdf_text(login("hr").get(url))
    issued = approved.checklist.items.get(kind=ChecklistItem.Kind.LEAVING_DOCUMENTS)
    assert "退工通知单" in text and "劳动手册" in text
    assert approved.employee.name in text and approved.last_day.isoformat() in text
    assert issued.signed_by.employee.name in text
    assert timezone.localtime(issued.signed_at).date().isoformat() in text
    assert "法律责任" in text  # the duty after leaving (F8) goes with the documents
    assert login("head_cs").get(url).status_code == 403  # sees the resignation, issues nothing
    page = login("hr").get(reverse("offboarding:resignation_detail", args=[approved.pk]))
    assert url in page.content.decode()
