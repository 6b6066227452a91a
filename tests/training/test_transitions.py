"""The training assignment's transition table: a move it does not list is refused."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from core.errors import DomainError
from core.transitions import transition
from training import sweeps
from training.models import Assignment, TrainingKind

pytestmark = pytest.mark.django_db


def test_an_assignment_is_not_passed_before_it_is_attended(demo):
    sweeps.assign_monthly(
        actor=get_user_model().objects.get(username="hr"), month=datetime.date(2026, 11, 1)
    )
    assignment = Assignment.objects.filter(kind=TrainingKind.MONTHLY).first()
    assert assignment.status == Assignment.Status.ASSIGNED
    with pytest.raises(DomainError):
        transition(assignment, Assignment.Status.PASSED)
    transition(assignment, Assignment.Status.OVERDUE)
    with pytest.raises(DomainError):
        transition(assignment, Assignment.Status.ASSIGNED)
