"""Work that finishes or says why (R4), with real worker and beat processes, the real Redis
broker and the real PostgreSQL test database: a worker killed mid-render, a retry, a failing
scheduled task retried, a missed slot caught up at start, /healthz following heartbeats.

Workers come from conftest.py and workers.py: each consumes a queue named for this run.
"""

import datetime
import time

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from simple_history.utils import bulk_create_with_history

from audit.models import AccessLog, ScheduledRun
from audit.schedules import periodic_task_ensure
from personnel.demo import seed_demo
from personnel.models import Employee, Tier
from reports.models import ReportExport
from tests import app_role
from training import tasks as training_tasks
from training.models import MonthlyRun
from training.services import current_month

from .workers import beat_start, stop, worker_log, worker_start

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

TIMEOUT = 60  # seconds for any one thing a real process does
Status, Failure = ReportExport.Status, ReportExport.Failure


@pytest.fixture
def processes():
    """Started processes, stopped at the end (before the database is flushed)."""
    started = []
    yield started
    for process in started:
        stop(process)


def _wait(what: str, condition, *process, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while not condition():
        for each in process:
            if each.poll() is not None:
                pytest.fail(f"{what}: the process exited\n{worker_log(each)}")
        if time.monotonic() > deadline:
            logs = "\n".join(worker_log(each) for each in process)
            pytest.fail(f"{what}: not after {timeout}s\n{logs}")
        time.sleep(0.2)


def _roster_of(size: int) -> None:
    """The demo organisation plus `size` staff: a roster that takes seconds to render."""
    seed_demo()
    # A classified model: the roster lists classified staff only (issue 16).
    model = Employee.objects.filter(user=None).exclude(tier=Tier.NONE).first()
    staff = [
        Employee(
            employee_no=f"Z{index:05d}",
            name=f"员工{index}",
            department=model.department,
            position=model.position,
            employment_type=model.employment_type,
            hire_date=model.hire_date,
            status=model.status,
            tier=model.tier,
        )
        for index in range(size)
    ]
    bulk_create_with_history(staff, Employee, batch_size=2000)


def _auditor_client() -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username="auditor"))
    return client


def test_a_render_killed_mid_way_ends_failed_and_a_retry_succeeds(
    worker_queue,
    processes,
    tmp_path,
    settings,
):
    _roster_of(3000)
    # Fast heartbeats; one process renders the whole PDF (no chunk subprocesses).
    fast_beats = {
        "EXPORT_HEARTBEAT_SECONDS": "1",
        "EXPORT_SILENT_SECONDS": "3",
        "PDF_CHUNK_PAGES": "1000",
    }
    settings.EXPORT_SILENT_SECONDS = 3
    first = worker_start(worker_queue, tmp_path / "first.log", **fast_beats)
    processes.append(first)
    client = _auditor_client()

    client.post(reverse("reports:export_request", args=["roster"]))
    export = ReportExport.objects.get()

    def rendering() -> bool:
        export.refresh_from_db()
        assert export.status != Status.DONE, "rendered before it could be killed"
        # Its number reserved and the render thread beating: the PDF is being laid out.
        return bool(export.copy_number) and export.heartbeat_at > export.started_at

    _wait("the render to start", rendering, first)
    first.kill()  # SIGKILL, as the OOM killer or a lost machine would
    first.wait(timeout=10)

    def polled_failed() -> bool:
        page = client.get(reverse("reports:export_detail", args=[export.pk]), HTTP_HX_REQUEST="1")
        return page.context["export"].status == Status.FAILED

    _wait("the dead render to be failed", polled_failed)
    export.refresh_from_db()
    assert export.failure == Failure.WORKER_LOST and not export.file
    voided = AccessLog.objects.filter(copy_number=export.copy_number)
    assert list(voided.values_list("action", "username")) == [(AccessLog.Action.VOID, "auditor")]

    second = worker_start(worker_queue, tmp_path / "second.log", **fast_beats)
    processes.append(second)
    response = client.post(reverse("reports:export_retry", args=[export.pk]))
    retry = ReportExport.objects.get(retry_of=export)
    assert response.url == reverse("reports:export_detail", args=[retry.pk])

    def retry_finished() -> bool:
        retry.refresh_from_db()
        return retry.finished

    _wait("the retry to finish", retry_finished, second, timeout=120)
    assert retry.status == Status.DONE, f"{retry.error}\n{worker_log(second)}"
    assert retry.copy_number and retry.copy_number != export.copy_number
    with retry.file.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    exported = AccessLog.objects.filter(action=AccessLog.Action.EXPORT)
    assert list(exported.values_list("copy_number", flat=True)) == [retry.copy_number]


def test_a_failing_scheduled_task_is_retried_by_the_worker(
    worker_queue,
    processes,
    tmp_path,
):
    seed_demo()
    worker = worker_start(
        worker_queue,
        tmp_path / "worker.log",
        SCHEDULE_RETRY_BACKOFF_SECONDS="1",
        SCHEDULE_RETRY_MAX="8",
    )
    processes.append(worker)
    table = MonthlyRun._meta.db_table
    # The table the task needs is gone: a real failure (renaming it takes the owner).
    with app_role.acting_as_owner(), connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE "{table}" RENAME TO "{table}_away"')
    try:
        training_tasks.assign_monthly.apply_async(queue=worker_queue)
        _wait(
            "the first failure",
            lambda: ScheduledRun.objects.filter(
                task="training.assign_monthly", last_failure_at__isnull=False
            ).exists(),
            worker,
        )
    finally:
        with app_role.acting_as_owner(), connection.cursor() as cursor:
            cursor.execute(f'ALTER TABLE "{table}_away" RENAME TO "{table}"')

    _wait(
        "a retry to succeed",
        lambda: ScheduledRun.objects.filter(
            task="training.assign_monthly", last_success_at__isnull=False
        ).exists(),
        worker,
    )
    assert MonthlyRun.objects.get(month=current_month()).runs == 1
    log = worker_log(worker)
    assert "training.assign_monthly" in log and "Retry in" in log
    assert "relation" in ScheduledRun.objects.get(task="training.assign_monthly").last_error


def test_a_missed_monthly_assignment_runs_when_a_worker_starts(
    worker_queue,
    processes,
    tmp_path,
):
    seed_demo()
    PeriodicTask.objects.all().delete()
    periodic_task_ensure(apps, "training.assign_monthly", hour="9", day_of_month="1")
    ScheduledRun.objects.create(
        task="training.assign_monthly",
        last_success_at=timezone.now() - datetime.timedelta(days=62),  # last month's slot missed
    )
    assert not MonthlyRun.objects.exists()

    worker = worker_start(worker_queue, tmp_path / "worker.log", SCHEDULE_CATCH_UP="1")
    processes.append(worker)
    _wait("the catch-up", lambda: MonthlyRun.objects.filter(month=current_month()).exists(), worker)
    _wait(
        "its success to be recorded",
        lambda: (
            ScheduledRun.objects.get(task="training.assign_monthly").last_success_at
            > timezone.now() - datetime.timedelta(minutes=5)
        ),
        worker,
    )
    assert "catching up missed scheduled tasks: training.assign_monthly" in worker_log(worker)


def test_healthz_follows_the_worker_and_beat_heartbeats(
    worker_queue,
    processes,
    tmp_path,
    settings,
    client,
):
    PeriodicTask.objects.update(enabled=False)  # beat ticks, but sends nothing anywhere
    beats = {"HEARTBEAT_SECONDS": "1", "WORKER_SILENT_SECONDS": "4", "BEAT_SILENT_SECONDS": "12"}
    settings.WORKER_SILENT_SECONDS, settings.BEAT_SILENT_SECONDS = 4, 12
    assert client.get(reverse("healthz")).json()["worker"] == "error: never seen"

    worker = worker_start(worker_queue, tmp_path / "worker.log", **beats)
    beat = beat_start(tmp_path / "beat.log", tmp_path / "beat-schedule", **beats)
    processes.extend([worker, beat])
    _wait(
        "a healthy stack", lambda: client.get(reverse("healthz")).status_code == 200, worker, beat
    )
    assert client.get(reverse("healthz")).json()["beat"] == "ok"

    stop(worker)
    _wait(
        "the worker to be reported silent",
        lambda: client.get(reverse("healthz")).status_code == 503,
        beat,
    )
    state = client.get(reverse("healthz")).json()
    assert state["worker"].startswith("error: silent for ") and state["beat"] == "ok"
