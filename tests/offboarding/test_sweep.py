import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from core.models import Notification
from offboarding import services
from offboarding.models import ChecklistItem, DecryptionPeriod
from offboarding.sweeps import sweep_deadlines

from .conftest import CHAIN, decide, user

pytestmark = pytest.mark.django_db


def sweep(on: datetime.date) -> dict:
    return sweep_deadlines(actor=user("it"), today=on)


def keys(prefix):
    return list(
        Notification.objects.filter(dedupe_key__startswith=prefix).values_list(
            "recipient__username", "dedupe_key"
        )
    )


def test_a_waiting_step_is_reminded_then_escalated_once_per_day(submit):
    resignation = submit()
    today = timezone.localdate()
    assert sweep(today + datetime.timedelta(days=1))["step_reminders"] == 0
    first = sweep(today + datetime.timedelta(days=2))
    assert first["step_reminders"] == 1  # head_cs, the current decider
    assert sweep(today + datetime.timedelta(days=2))["step_reminders"] == 0  # same day: nothing
    assert sweep(today + datetime.timedelta(days=3))["step_reminders"] == 1  # next day again
    assert keys("offboarding:remind:")[0][0] == "head_cs"
    assert sweep(today + datetime.timedelta(days=5))["escalations"] == 1  # to hr
    assert sweep(today + datetime.timedelta(days=6))["escalations"] == 0  # escalated once
    assert {username for username, _key in keys("offboarding:escalate:")} == {"hr"}
    decide(resignation, "head_cs")
    assert resignation.chain.current_step().order == 2


def test_the_sweep_twice_the_same_day_sends_nothing_twice(approved):
    near = approved.last_day - datetime.timedelta(days=3)
    first = sweep(near)
    mails = len(mail.outbox)
    notifications = Notification.objects.count()
    second = sweep(near)
    assert first["last_day_warnings"] >= 1 and second["last_day_warnings"] == 0
    assert Notification.objects.count() == notifications and len(mail.outbox) == mails


def test_last_day_warnings_go_to_hr_and_the_head(approved):
    sweep(approved.last_day - datetime.timedelta(days=7))
    assert {u for u, _k in keys("offboarding:last-day-near:")} == {"hr", "head_cs"}
    sweep(approved.last_day + datetime.timedelta(days=1))
    sweep(approved.last_day + datetime.timedelta(days=2))
    assert len(keys("offboarding:last-day-passed:")) == 4  # hr and head, on each day


def test_decryption_period_is_announced_then_ended(approved):
    period = DecryptionPeriod.objects.get()
    before = period.ends_on - datetime.timedelta(days=30)
    assert sweep(before - datetime.timedelta(days=1))["decryption_announced"] == 0
    assert sweep(before)["decryption_announced"] >= 1
    assert sweep(before)["decryption_announced"] == 0
    assert sweep(period.ends_on)["decryption_ended"] == 1
    assert sweep(period.ends_on)["decryption_ended"] == 0
    period.refresh_from_db()
    assert period.ended_on == period.ends_on
    assert period.history.first().history_user == user("it")


def test_the_sweep_deactivates_logins_after_the_last_day(approved):
    with time_machine.travel(approved.last_day):
        services.checklist_item_sign(
            actor=user("it"),
            item=approved.checklist.items.get(kind=ChecklistItem.Kind.ACCESS_REVOKED),
        )
    assert user("emp_cs").is_active
    assert sweep(approved.last_day)["logins_deactivated"] == 0
    assert sweep(approved.last_day + datetime.timedelta(days=1))["logins_deactivated"] == 1
    assert not user("emp_cs").is_active
    assert sweep(approved.last_day + datetime.timedelta(days=2))["logins_deactivated"] == 0


def test_the_task_runs_the_sweep_as_the_system_user(approved):
    from offboarding.tasks import sweep_deadlines as task

    with time_machine.travel(DecryptionPeriod.objects.get().ends_on + datetime.timedelta(days=1)):
        result = task.apply().get()
    assert result["decryption_ended"] == 1
    assert DecryptionPeriod.objects.get().history.first().history_user.username == "system"


def test_the_chain_is_all_decided_before_a_sweep_counts_it(submit):
    resignation = submit()
    for username in CHAIN:
        decide(resignation, username)
    assert sweep(timezone.localdate() + datetime.timedelta(days=10))["step_reminders"] == 0


def test_notifications_are_also_mailed(submit, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submit()
    assert [message.to for message in mail.outbox] == [["head_cs@baomi.example"]]
    assert "林芳" in mail.outbox[0].subject
