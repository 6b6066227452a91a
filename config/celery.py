import os

from celery import Celery

from audit.heartbeats import WorkerHeartbeat

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("baomi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The worker writes its heartbeat from its own timer, read by /healthz.
app.steps["worker"].add(WorkerHeartbeat)
