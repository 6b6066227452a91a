"""Two monthly assignments at once (two beat processes, a retried task) on PostgreSQL."""

import datetime
import threading

import pytest
from django.db import connection

from personnel.demo import seed_demo
from personnel.services.accounts import system_user
from training.models import Assignment
from training.sweeps import assign_monthly

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_concurrent_runs_assign_each_person_once(require_services):
    seed_demo()
    month = datetime.date(2026, 11, 1)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(assign_monthly(actor=system_user(), month=month))
        except Exception as error:  # a failure must show in the assertion, not vanish
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    total = Assignment.objects.filter(month=month).count()
    assert sorted(r["assigned"] for r in results) == [0, total]
    assert Assignment.history.filter(month=month, history_type="+").count() == total
