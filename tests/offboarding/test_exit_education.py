"""Education before leaving: the departure checklist's opening assigns it to the leaver, and
its item waits for their attendance."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import DomainError
from offboarding import services
from offboarding.models import ChecklistItem
from training import services as training
from training.models import Assignment, TrainingKind

from .conftest import user

pytestmark = pytest.mark.django_db
Kind = ChecklistItem.Kind


def exit_education(resignation):
    return Assignment.objects.get(employee=resignation.employee, kind=TrainingKind.EXIT)


def attend(resignation, hours="1"):
    session = training.session_record(
        actor=user("hr"),
        kind=TrainingKind.EXIT,
        topic="离职保密教育",
        held_on=timezone.localdate(),
        trainer="郑涛",
        hours=Decimal(hours),
    )
    training.attendance_mark(
        actor=user("hr"), session=session, assignment_ids=[exit_education(resignation).pk]
    )


def test_the_checklist_opens_with_the_item_and_the_assignment(approved):
    item = approved.checklist.items.get(kind=Kind.EXIT_EDUCATION)
    assert item.role == "hr" and str(item) == "离职保密教育"
    assignment = exit_education(approved)
    assert assignment.status == Assignment.Status.ASSIGNED
    assert assignment.month == timezone.localdate().replace(day=1)


def test_the_item_waits_for_the_attendance(approved):
    item = approved.checklist.items.get(kind=Kind.EXIT_EDUCATION)
    with pytest.raises(DomainError, match="尚未参加离职保密教育"):
        services.checklist_item_sign(actor=user("hr"), item=item)
    item.refresh_from_db()
    assert not item.signed
    attend(approved, hours="2")
    services.checklist_item_sign(actor=user("hr"), item=item)
    item.refresh_from_db()
    assert item.signed and item.signed_by.username == "hr"
    assert exit_education(approved).hours == Decimal("2")


def test_a_passed_exam_counts_too(approved):
    training.exam_result_record(
        actor=user("emp_cs"),
        assignment=exit_education(approved),
        score=88,
        passed=True,
        hours=Decimal("1"),
        title="离职保密教育考试",
        on=timezone.localdate(),
    )
    item = approved.checklist.items.get(kind=Kind.EXIT_EDUCATION)
    services.checklist_item_sign(actor=user("hr"), item=item)
    item.refresh_from_db()
    assert item.signed


def test_a_failed_exam_does_not(approved):
    training.exam_result_record(
        actor=user("emp_cs"),
        assignment=exit_education(approved),
        score=40,
        passed=False,
        hours=Decimal("1"),
        title="离职保密教育考试",
        on=timezone.localdate(),
    )
    item = approved.checklist.items.get(kind=Kind.EXIT_EDUCATION)
    with pytest.raises(DomainError, match="尚未参加离职保密教育"):
        services.checklist_item_sign(actor=user("hr"), item=item)


def test_an_earlier_exit_education_does_not_count(approved):
    """One attended before this checklist opened (months ago) is not this departure's."""
    earlier = datetime.date(2020, 1, 1)
    old = training.assign(
        actor=user("hr"), employee=approved.employee, kind=TrainingKind.EXIT, month=earlier
    )
    session = training.session_record(
        actor=user("hr"), kind=TrainingKind.EXIT, topic="旧课", held_on=earlier, trainer="郑涛"
    )
    training.attendance_mark(actor=user("hr"), session=session, assignment_ids=[old.pk])
    item = approved.checklist.items.get(kind=Kind.EXIT_EDUCATION)
    with pytest.raises(DomainError, match="尚未参加离职保密教育"):
        services.checklist_item_sign(actor=user("hr"), item=item)


def test_the_page_shows_the_refusal_in_chinese(approved, login):
    item = approved.checklist.items.get(kind=Kind.EXIT_EDUCATION)
    response = login("hr").post(
        reverse("offboarding:checklist_item_sign", args=[item.pk]), follow=True
    )
    assert "林芳 尚未参加离职保密教育" in response.content.decode()
    attend(approved)
    login("hr").post(reverse("offboarding:checklist_item_sign", args=[item.pk]))
    item.refresh_from_db()
    assert item.signed
