"""The resignation's transition table: a move it does not list is refused."""

import pytest

from core.errors import DomainError
from core.transitions import transition
from offboarding import services
from offboarding.models import Resignation

from .conftest import user

pytestmark = pytest.mark.django_db


def test_a_withdrawn_resignation_does_not_start_the_exit(submit):
    resignation = services.resignation_withdraw(actor=user("emp_cs"), resignation=submit())
    assert resignation.status == Resignation.Status.WITHDRAWN
    with pytest.raises(DomainError):
        transition(resignation, Resignation.Status.EXIT)


def test_an_approved_resignation_is_not_rejected_after_all(approved):
    assert approved.status == Resignation.Status.EXIT
    with pytest.raises(DomainError):
        transition(approved, Resignation.Status.REJECTED)
    with pytest.raises(DomainError):
        services.resignation_withdraw(actor=user("hr"), resignation=approved)
