"""Real Celery processes for the integration tests: a worker (or beat) subprocess on the
test database, consuming a queue named for this run only, so a message left in Redis by
another run never reaches it, and another worker on the shared Redis (a developer's, CI's)
never takes a test's task and looks for its rows in the wrong database.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection
from kombu import Exchange, Queue

from config.celery import app as celery_app
from tests import app_role

BASE_DIR = Path(settings.BASE_DIR)
STOP_TIMEOUT = 10  # seconds for a warm shutdown before the worker is killed


def worker_database_url() -> str:
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


class QueuedOn:
    """Stands in for reports.tasks.report_export_run: the same task, sent to our queue."""

    def __init__(self, task, queue: str):
        self._task, self._queue = task, queue
        self.app = task.app

    def delay(self, *args, **kwargs):
        return self._task.apply_async(args, kwargs, queue=self._queue)

    def apply_async(self, args=None, kwargs=None, **options):
        return self._task.apply_async(args, kwargs, **{**options, "queue": self._queue})


def queue_delete(queue: str) -> None:
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


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()  # SIGTERM: warm shutdown
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT)


def worker_start(queue: str, log_path: Path, **env) -> subprocess.Popen:
    """A `celery worker` subprocess on the test database, consuming `queue` only; `env`
    adds settings (catch-up at start is off unless asked for)."""
    env = {
        **os.environ,  # SECRET_KEY… from pytest-env; REDIS_URL (the broker) as given
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": worker_database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),  # this test's tmp folder, see conftest
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "SCHEDULE_CATCH_UP": "0",
        "PYTHONUNBUFFERED": "1",
        **env,
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "--loglevel=INFO",
        "-Q",
        queue,
        "-n",
        f"{queue}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    process.log_path = log_path
    return process


def beat_start(log_path: Path, schedule_path: Path, **env) -> subprocess.Popen:
    """`celery beat` on the test database, with the project's scheduler (its heartbeat)."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": worker_database_url(),
        "PYTHONUNBUFFERED": "1",
        **env,
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "beat",
        "--loglevel=INFO",
        f"--schedule={schedule_path}",
    ]
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    process.log_path = log_path
    return process


def worker_log(process) -> str:
    try:
        return process.log_path.read_text(errors="replace")[-6000:]
    except OSError:
        return "(no worker log)"
