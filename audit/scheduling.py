"""Scheduled work that catches up (R4).

Every periodic task is a `ScheduledTask`: a failure is retried with exponential back-off,
and each outcome is recorded in `ScheduledRun`. A worker that starts runs, once, the
scheduled tasks whose slot passed since their last successful run (a monthly assignment
missed while the worker was down, a sweep whose retries ran out). All of them are
idempotent, so running one again does no harm.
"""

import logging

from celery import Task, shared_task
from django.conf import settings
from django.db import connections
from django.utils import timezone

from .models import ScheduledRun

logger = logging.getLogger(__name__)


def scheduled_run_record(*, task: str, error: BaseException | None = None) -> None:
    now = timezone.now()
    if error is None:
        values = {"last_success_at": now}
    else:
        values = {"last_failure_at": now, "last_error": f"{type(error).__name__}: {error}"[:300]}
    ScheduledRun.objects.update_or_create(task=task, defaults=values)


class ScheduledTask(Task):
    """A periodic task: its outcomes are recorded so that a missed slot can be caught up."""

    def on_success(self, retval, task_id, args, kwargs):
        scheduled_run_record(task=self.name)

    def on_retry(self, exc, task_id, args, kwargs, einfo):
        logger.warning("%s failed, tried again later: %s", self.name, exc)
        scheduled_run_record(task=self.name, error=exc)

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        scheduled_run_record(task=self.name, error=exc)


def scheduled_task(name: str, **options):
    """`shared_task` for periodic work: retried on any error with exponential back-off and
    jitter (SCHEDULE_RETRY_* settings); safe because every scheduled task is idempotent."""
    return shared_task(
        name=name,
        base=ScheduledTask,
        autoretry_for=(Exception,),
        max_retries=settings.SCHEDULE_RETRY_MAX,
        retry_backoff=settings.SCHEDULE_RETRY_BACKOFF_SECONDS,
        retry_backoff_max=settings.SCHEDULE_RETRY_BACKOFF_MAX_SECONDS,
        retry_jitter=True,
        **options,
    )


def scheduled_overdue(app) -> list[str]:
    """Scheduled tasks whose slot passed since their last success (or, never recorded, since
    beat last sent them): what a starting worker runs."""
    from django_celery_beat.models import PeriodicTask

    succeeded = dict(ScheduledRun.objects.values_list("task", "last_success_at"))
    periodic = PeriodicTask.objects.filter(enabled=True, one_off=False, clocked=None)
    overdue = set()
    for entry in periodic.select_related("crontab", "interval", "solar"):
        if not isinstance(app.tasks.get(entry.task), ScheduledTask):
            continue
        since = succeeded.get(entry.task) or entry.last_run_at
        if since is not None and entry.schedule.is_due(since)[0]:
            overdue.add(entry.task)
    return sorted(overdue)


def _consumed_queue(consumer) -> str | None:
    """The first queue this worker consumes, so that the worker starting runs its catch-up."""
    queues = getattr(getattr(consumer, "task_consumer", None), "queues", None) or []
    return queues[0].name if queues else None


def worker_catch_up(sender=None, **kwargs) -> list[str]:
    """On `worker_ready`: queue every overdue scheduled task once, to this worker's queue."""
    if not settings.SCHEDULE_CATCH_UP:
        return []
    try:
        overdue = scheduled_overdue(sender.app)
        queue = _consumed_queue(sender)
        for name in overdue:
            sender.app.tasks[name].apply_async(queue=queue)
        if overdue:
            logger.info("catching up missed scheduled tasks: %s", ", ".join(overdue))
        return overdue
    except Exception:  # a catch-up must never stop a worker from starting
        logger.exception("could not catch up missed scheduled tasks")
        return []
    finally:
        connections.close_all()  # the worker's main process forks: keep no connection
