"""A real Celery worker process, the real Redis broker and the real PostgreSQL test database.

The worker consumes a queue named for this run only, so a message left in Redis by another
run never reaches it, and another worker on the shared Redis (a developer's, CI's) never
takes this test's task and looks for the export in the wrong database.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from kombu import Exchange, Queue

import audit.tasks
from audit.exports import report_export_request
from audit.models import AccessLog, ReportExport
from audit.reports import report_get
from config.celery import app as celery_app
from personnel.demo import seed_demo
from tests import app_role

# transaction=True: the worker is another process and sees committed rows only.
pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(settings.BASE_DIR)
EXPORT_TIMEOUT = 60  # seconds from queuing to a finished export
STOP_TIMEOUT = 10  # seconds for a warm shutdown before the worker is killed


def _test_database_url() -> str:
    """The URL of the database pytest-django created (test_…), for the worker process."""
    db = connection.settings_dict
    user = quote(db.get("USER") or "postgres", safe="")
    password = db.get("PASSWORD") or ""
    credentials = f"{user}:{quote(password, safe='')}" if password else user
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    database = quote(db["NAME"], safe="")
    # The worker acts as the application's role too (tests/app_role.py).
    return f"postgres://{credentials}@{host}:{port}/{database}{app_role.url_options()}"


class _QueuedOn:
    """Stands in for audit.tasks.report_export_run: the same task, sent to our queue."""

    def __init__(self, task, queue: str):
        self._task, self._queue = task, queue

    def delay(self, *args, **kwargs):
        return self._task.apply_async(args, kwargs, queue=self._queue)


def _queue_delete(queue: str) -> None:
    """Best effort: drop this run's queue (and any message left in it) from Redis."""
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            # A fresh channel knows no binding: declare the queue as Celery created it
            # (task_create_missing_queues), then delete it with its binding keys.
            bound = Queue(queue, Exchange(queue, type="direct"), routing_key=queue)(
                conn.default_channel
            )
            bound.declare()
            bound.delete()
    except Exception:  # cleanup only; the queue name is never reused anyway
        pass


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()  # SIGTERM: warm shutdown
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT)


@pytest.fixture
def worker_queue(require_services, monkeypatch):
    queue = f"baomi-test-{uuid.uuid4().hex[:12]}"
    monkeypatch.setattr(
        audit.tasks, "report_export_run", _QueuedOn(audit.tasks.report_export_run, queue)
    )
    yield queue
    _queue_delete(queue)


@pytest.fixture
def celery_worker_process(require_services, transactional_db, worker_queue, tmp_path):
    """A `celery worker` subprocess on the test database; stopped before the flush."""
    env = {
        **os.environ,  # SECRET_KEY… from pytest-env; REDIS_URL (the broker) as given
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": _test_database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),  # this test's tmp folder, see conftest
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "PYTHONUNBUFFERED": "1",
    }
    log_path = tmp_path / "worker.log"
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker",
        "--pool=solo", "--concurrency=1", "--loglevel=INFO",
        "-Q", worker_queue, "-n", f"{worker_queue}@%h",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
    process.log_path = log_path
    try:
        yield process
    finally:
        _stop(process)


def _worker_log(process) -> str:
    try:
        return process.log_path.read_text(errors="replace")[-6000:]
    except OSError:
        return "(no worker log)"


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
                + _worker_log(celery_worker_process)
            )
        if time.monotonic() > deadline:
            pytest.fail(
                f"export {export.pk} still {export.status} after {EXPORT_TIMEOUT}s:\n"
                + _worker_log(celery_worker_process)
            )
        time.sleep(0.5)

    assert export.status == ReportExport.Status.DONE, (
        f"{export.error}\n{_worker_log(celery_worker_process)}"
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
    assert "audit.report_export_run[" in _worker_log(celery_worker_process)
