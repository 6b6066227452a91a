"""The end of the departure checklist: the duty reminder (F8), and the checklist and the
leaving documents as PDFs (F6)."""

import datetime

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

from .conftest import CHAIN, decide, employee, user

pytestmark = pytest.mark.django_db

SIGNERS = {
    ChecklistItem.Kind.HANDOVER: "head_cs",
    ChecklistItem.Kind.CLASSIFIED_RETURN: "archivist",
    ChecklistItem.Kind.CREDENTIALS: "head_cs",
    ChecklistItem.Kind.ACCESS_REVOKED: "it",
    ChecklistItem.Kind.EQUIPMENT: "it",
    ChecklistItem.Kind.EXIT_COMMITMENT: "hr",
    ChecklistItem.Kind.BILATERAL: "hr",
    ChecklistItem.Kind.LEAVING_DOCUMENTS: "hr",
}


def after_last_day(resignation):
    return time_machine.travel(resignation.last_day + datetime.timedelta(days=1))


def sign_all(resignation):
    """Every item signed the day after the last day: the login goes off with the access."""
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
