"""Heartbeats of the worker and beat (R4): each writes the time it was last alive, /healthz
reads them. Kept in the database, the one store every process shares in every deployment
(the quick start's cache is per process).

Imported by config/celery.py before Django is set up: models are imported where used.
"""

import logging
import socket
from datetime import timedelta

from celery import bootsteps

logger = logging.getLogger(__name__)

# Rows of processes gone for this long are removed (a container restart is a new host).
FORGET_AFTER = timedelta(days=7)


def heartbeat_record(*, component: str, host: str) -> None:
    """Record that `component` on `host` is alive now. A failure is logged, never raised:
    a heartbeat must not stop the process it reports on."""
    from django.utils import timezone

    from .models import Heartbeat

    try:
        Heartbeat.objects.update_or_create(
            component=component, host=host[:255], defaults={"at": timezone.now()}
        )
    except Exception:  # the database may be down: /healthz will say so
        logger.warning("could not record the %s heartbeat", component, exc_info=True)


def _worker_beat(host: str) -> None:
    from django.db import connections

    heartbeat_record(component="worker", host=host)
    # The worker's main process forks pool children: it holds no connection between beats.
    connections.close_all()


def heartbeat_age(component: str) -> float | None:
    """Seconds since the freshest heartbeat of `component`; None when none was ever seen."""
    from django.db.models import Max
    from django.utils import timezone

    from .models import Heartbeat

    latest = Heartbeat.objects.filter(component=component).aggregate(at=Max("at"))["at"]
    return None if latest is None else max(0.0, (timezone.now() - latest).total_seconds())


def heartbeats_forget() -> int:
    from django.utils import timezone

    from .models import Heartbeat

    return Heartbeat.objects.filter(at__lt=timezone.now() - FORGET_AFTER).delete()[0]


def beat_host() -> str:
    return socket.gethostname()


class WorkerHeartbeat(bootsteps.StartStopStep):
    """A worker bootstep: a heartbeat at start, then every HEARTBEAT_SECONDS from the worker's
    own timer, so it says the worker is alive whether or not beat sends it anything."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.tref = None

    def start(self, worker):
        from django.conf import settings

        try:
            heartbeats_forget()
        except Exception:  # housekeeping only
            logger.warning("could not remove old heartbeats", exc_info=True)
        _worker_beat(worker.hostname)
        self.tref = worker.timer.call_repeatedly(
            settings.HEARTBEAT_SECONDS, _worker_beat, (worker.hostname,), priority=10
        )

    def stop(self, worker):
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None
