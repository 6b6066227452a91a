"""Scheduled work catches up (R4): a failing periodic task is retried with back-off, and a
slot missed while the worker was down is run when a worker starts."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.db import OperationalError
from django_celery_beat.models import PeriodicTask

from audit.models import ScheduledRun
from audit.scheduling import ScheduledTask, scheduled_overdue
from config.celery import app as celery_app
from training import sweeps as training_sweeps
from training import tasks as training_tasks
from training.models import MonthlyRun

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture(autouse=True)
def _tasks_loaded():
    celery_app.loader.import_default_modules()


def _at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def _succeeded(task: str, at: datetime.datetime) -> None:
    ScheduledRun.objects.update_or_create(task=task, defaults={"last_success_at": at})


def test_every_scheduled_task_retries_with_back_off():
    names = set(PeriodicTask.objects.values_list("task", flat=True))
    assert "training.assign_monthly" in names and "audit.exports_reap" in names
    for name in names:
        task = celery_app.tasks[name]
        assert isinstance(task, ScheduledTask), name
        assert Exception in task.autoretry_for, name
        assert task.max_retries == settings.SCHEDULE_RETRY_MAX > 0, name
        assert task.retry_backoff == settings.SCHEDULE_RETRY_BACKOFF_SECONDS, name
        assert task.retry_jitter, name


def test_a_failing_monthly_assignment_is_retried_until_it_succeeds(demo, monkeypatch):
    calls = []
    real = training_sweeps.assign_monthly

    def down_once(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise OperationalError("the database went away")
        return real(**kwargs)

    monkeypatch.setattr(training_sweeps, "assign_monthly", down_once)
    result = training_tasks.assign_monthly.apply()

    assert result.successful() and result.get()["assigned"] > 0
    assert len(calls) == 2
    run = ScheduledRun.objects.get(task="training.assign_monthly")
    assert run.last_success_at is not None and "the database went away" in run.last_error
    assert MonthlyRun.objects.get().runs == 1


def test_a_scheduled_task_that_keeps_failing_stops_after_its_retries(demo, monkeypatch):
    calls = []

    def down(**kwargs):
        calls.append(kwargs)
        raise OperationalError("still down")

    monkeypatch.setattr(training_sweeps, "assign_monthly", down)
    result = training_tasks.assign_monthly.apply()
    assert result.failed()
    assert len(calls) == settings.SCHEDULE_RETRY_MAX + 1
    run = ScheduledRun.objects.get(task="training.assign_monthly")
    assert run.last_success_at is None and run.last_failure_at is not None


def test_a_missed_monthly_assignment_is_overdue_until_it_succeeds():
    _succeeded("training.assign_monthly", _at(2026, 10, 1, 9, 0, 30))
    with time_machine.travel(_at(2026, 10, 31, 23, 0), tick=False):
        assert "training.assign_monthly" not in scheduled_overdue(celery_app)
    with time_machine.travel(_at(2026, 11, 3, 10, 0), tick=False):
        assert "training.assign_monthly" in scheduled_overdue(celery_app)
        _succeeded("training.assign_monthly", _at(2026, 11, 3, 10, 0))
        assert "training.assign_monthly" not in scheduled_overdue(celery_app)


def test_a_daily_sweep_is_overdue_once_its_hour_passed_without_a_success():
    _succeeded("offboarding.sweep_deadlines", _at(2026, 11, 2, 8, 0, 5))
    with time_machine.travel(_at(2026, 11, 3, 7, 59), tick=False):
        assert "offboarding.sweep_deadlines" not in scheduled_overdue(celery_app)
    with time_machine.travel(_at(2026, 11, 3, 8, 30), tick=False):
        assert "offboarding.sweep_deadlines" in scheduled_overdue(celery_app)


def test_without_a_recorded_success_beat_s_last_send_counts():
    """Installed before outcomes were recorded: the slot beat last sent is taken as done."""
    PeriodicTask.objects.filter(task="archives.sweep").update(last_run_at=_at(2026, 11, 2, 8, 10))
    PeriodicTask.objects.exclude(task="archives.sweep").update(last_run_at=None)
    with time_machine.travel(_at(2026, 11, 3, 8, 0), tick=False):
        assert scheduled_overdue(celery_app) == []  # nothing ran, nothing is known missed
    with time_machine.travel(_at(2026, 11, 3, 9, 0), tick=False):
        assert scheduled_overdue(celery_app) == ["archives.sweep"]


def test_a_disabled_schedule_is_not_caught_up():
    _succeeded("archives.sweep", _at(2026, 1, 1, 8, 10))
    PeriodicTask.objects.filter(task="archives.sweep").update(enabled=False)
    with time_machine.travel(_at(2026, 11, 3, 9, 0), tick=False):
        assert "archives.sweep" not in scheduled_overdue(celery_app)
