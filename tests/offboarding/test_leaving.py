"""The end of the departure checklist: the duty reminder (F8), and the checklist and the
leaving documents as PDFs (F6)."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from core.models import Notification
from offboarding import services
from offboarding.models import ChecklistItem

from .conftest import user

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
