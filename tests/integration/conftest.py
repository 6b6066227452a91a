import uuid

import pytest

import reports.tasks

from .workers import QueuedOn, queue_delete, stop, worker_start


@pytest.fixture
def worker_queue(require_services, monkeypatch):
    queue = f"baomi-test-{uuid.uuid4().hex[:12]}"
    monkeypatch.setattr(
        reports.tasks, "report_export_run", QueuedOn(reports.tasks.report_export_run, queue)
    )
    yield queue
    queue_delete(queue)


@pytest.fixture
def celery_worker_process(require_services, transactional_db, worker_queue, tmp_path):
    """A `celery worker` subprocess on the test database; stopped before the flush."""
    process = worker_start(worker_queue, tmp_path / "worker.log")
    try:
        yield process
    finally:
        stop(process)
