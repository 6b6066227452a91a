"""`training.assign_monthly` run by a real Celery worker process (Redis broker, PostgreSQL
test database): one assignment per active classified employee, and a second run adds none.

The worker is started by conftest.py's fixtures: a `celery worker` subprocess on the
test database, consuming a queue named for this run only.
"""

import collections
import re
import time

import pytest

from personnel.demo import seed_demo
from personnel.models import CLASSIFIED_TIERS, Employee
from personnel.services.accounts import SYSTEM_USERNAME
from training import tasks
from training.models import Assignment, MonthlyRun, TrainingKind
from training.services import current_month

from .workers import worker_log

# transaction=True: the worker is another process and sees committed rows only.
pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

TASK_TIMEOUT = 60  # seconds from sending to the worker's committed result

SUCCEEDED = re.compile(r"Task training\.assign_monthly\[[0-9a-f-]+\] succeeded in [^:]+: (.*)")


def _results(process) -> list[str]:
    """The return values the worker logged, one per finished run, in order."""
    return SUCCEEDED.findall(worker_log(process))


def _wait_for_run(process, month, runs: int) -> None:
    """Until the worker committed run number `runs` of `month` and logged its result."""
    deadline = time.monotonic() + TASK_TIMEOUT
    while True:
        committed = MonthlyRun.objects.filter(month=month, runs__gte=runs).exists()
        if committed and len(_results(process)) >= runs:
            return
        if process.poll() is not None:
            pytest.fail(f"the worker exited with {process.returncode}:\n" + worker_log(process))
        if time.monotonic() > deadline:
            pytest.fail(
                f"run {runs} of {month:%Y-%m} not done after {TASK_TIMEOUT}s:\n"
                + worker_log(process)
            )
        time.sleep(0.5)


def _monthly(month):
    return Assignment.objects.filter(kind=TrainingKind.MONTHLY, month=month)


def test_a_real_worker_assigns_the_month_once(celery_worker_process, worker_queue):
    seed_demo()
    month = current_month()
    classified = set(
        Employee.objects.filter(
            tier__in=CLASSIFIED_TIERS, status=Employee.Status.ACTIVE
        ).values_list("pk", flat=True)
    )
    assert len(classified) == 23  # the demo organisation's classified staff
    assert not _monthly(month).exists()

    tasks.assign_monthly.apply_async(queue=worker_queue)
    _wait_for_run(celery_worker_process, month, runs=1)

    per_employee = collections.Counter(_monthly(month).values_list("employee_id", flat=True))
    assert set(per_employee) == classified
    assert set(per_employee.values()) == {1}
    assert set(_monthly(month).values_list("status", flat=True)) == {Assignment.Status.ASSIGNED}
    assert not Assignment.objects.exclude(kind=TrainingKind.MONTHLY, month=month).exists()
    # The history rows were written in bulk too, in the system user's name.
    assert set(
        Assignment.history.filter(month=month).values_list("history_user__username", flat=True)
    ) == {SYSTEM_USERNAME}
    assert _results(celery_worker_process) == ["{'assigned': 23, 'already': 0}"]
    first_ids = set(_monthly(month).values_list("pk", flat=True))

    tasks.assign_monthly.apply_async(queue=worker_queue)
    _wait_for_run(celery_worker_process, month, runs=2)

    assert set(_monthly(month).values_list("pk", flat=True)) == first_ids
    assert Assignment.objects.count() == 23
    assert Assignment.history.count() == 23
    assert MonthlyRun.objects.get(month=month).runs == 2
    assert _results(celery_worker_process) == [
        "{'assigned': 23, 'already': 0}",
        "{'assigned': 0, 'already': 23}",
    ]
