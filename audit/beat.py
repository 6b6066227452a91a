"""Beat's scheduler: django-celery-beat's database scheduler (schedules editable in the admin)
that also records beat's heartbeat as it ticks (every few seconds)."""

import time

from django.conf import settings
from django_celery_beat.schedulers import DatabaseScheduler

from .heartbeats import beat_host, heartbeat_record


class HeartbeatScheduler(DatabaseScheduler):
    _last_heartbeat: float | None = None

    def tick(self, *args, **kwargs):
        now = time.monotonic()
        if self._last_heartbeat is None or now - self._last_heartbeat >= settings.HEARTBEAT_SECONDS:
            self._last_heartbeat = now
            heartbeat_record(component="beat", host=beat_host())
        return super().tick(*args, **kwargs)
