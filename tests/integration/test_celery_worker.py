"""A real Celery worker process, the real Redis broker and the real PostgreSQL test database.

The worker (conftest.py, workers.py) consumes a queue named for this run only.
"""

import time

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from audit.models import AccessLog
from personnel.demo import seed_demo
from reports.exports import report_export_request
from reports.models import ReportExport
from reports.registry import report_get

from .workers import worker_log

# transaction=True: the worker is another process and sees committed rows only.
pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

EXPORT_TIMEOUT = 60  # seconds from queuing to a finished export


def test_a_real_worker_renders_a_queued_roster_export(celery_worker_process):
    seed_demo()
    auditor = get_user_model().objects.get(username="auditor")

    with transaction.atomic():  # the task is sent on commit
        export = report_export_request(user=auditor, report=report_get("roster"))
    assert ReportExport.objects.filter(pk=export.pk).exists()

    deadline = time.monotonic() + EXPORT_TIMEOUT
    while True:
        export.refresh_from_db()
        if export.finished:
            break
        if celery_worker_process.poll() is not None:
            pytest.fail(
                f"the worker exited with {celery_worker_process.returncode}:\n"
                + worker_log(celery_worker_process)
            )
        if time.monotonic() > deadline:
            pytest.fail(
                f"export {export.pk} still {export.status} after {EXPORT_TIMEOUT}s:\n"
                + worker_log(celery_worker_process)
            )
        time.sleep(0.5)

    assert export.status == ReportExport.Status.DONE, (
        f"{export.error}\n{worker_log(celery_worker_process)}"
    )
    assert export.progress == 100
    assert export.copy_number.startswith("ROSTER-")
    assert export.finished_at is not None
    with export.file.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert AccessLog.objects.filter(
        action=AccessLog.Action.EXPORT,
        username="auditor",
        target_type="report:roster",
        copy_number=export.copy_number,
    ).exists()
    assert "audit.report_export_run[" in worker_log(celery_worker_process)
