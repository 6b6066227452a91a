"""The measures that read other apps' registers, on records reached through their services:
archive loans returned late or still out past their due date."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from archives.services import loans
from assessment.measures import loans_returned
from core.classification import Level
from tests.archives.helpers import grant_all, make_item, user

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _loan_out(item, due):
    loan = loans.loan_apply(actor=user("emp_rd"), item=item, copies=1, reason="核对", due_date=due)
    for name in ("head_rd", "info_spec"):
        loans.loan_decide(actor=user(name), loan=loan, outcome="approve")
    return loans.loan_hand_out(actor=user("archivist"), loan=loan, borrower_signed=True)


def test_loans_late_or_still_out_lose_points_and_link_to_the_loan(demo, login):
    grant_all()
    today = timezone.localdate()
    due = today + 2 * DAY
    on_time, late, still_out = (_loan_out(make_item(Level.CONFIDENTIAL), due) for _ in range(3))
    loans.loan_return(actor=user("archivist"), loan=on_time, borrower_signed=True)
    week = (today, today + 7 * DAY)
    assert loans_returned(*week) == []  # nothing is past its due date yet
    with time_machine.travel(timezone.now() + 4 * DAY, tick=False):
        loans.loan_return(actor=user("archivist"), loan=late, borrower_signed=True)
        short = loans_returned(*week)
        # A period that ends before the due date does not hold these loans.
        assert loans_returned(today - 7 * DAY, today) == []
    assert [shortfall.url for shortfall in short] == [
        reverse("archives:loan_detail", args=[late.pk]),
        reverse("archives:loan_detail", args=[still_out.pk]),
    ]
    assert all("黄磊" in shortfall.label for shortfall in short)
    client = login("security")
    assert client.get(short[0].url).status_code == 200
