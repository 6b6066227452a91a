"""Health endpoint and production settings."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _heartbeats(seconds_ago: int = 0, components=("worker", "beat")) -> None:
    """What a live worker and beat write (audit.heartbeats), as of `seconds_ago`."""
    import time_machine
    from django.utils import timezone

    from audit.heartbeats import heartbeat_record

    with time_machine.travel(timezone.now() - timedelta(seconds=seconds_ago), tick=False):
        for component in components:
            heartbeat_record(component=component, host=f"{component}@test")


def test_healthz_reports_every_part(client):
    _heartbeats()
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
        "worker": "ok",
        "beat": "ok",
    }


def test_healthz_is_503_when_no_worker_ever_beat(client):
    _heartbeats(components=["beat"])
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["worker"] == "error: never seen"
    assert response.json()["beat"] == "ok" and response.json()["database"] == "ok"


def test_healthz_is_503_when_the_worker_fell_silent(client):
    _heartbeats(seconds_ago=settings.WORKER_SILENT_SECONDS - 20)
    assert client.get(reverse("healthz")).status_code == 200
    _heartbeats(seconds_ago=settings.WORKER_SILENT_SECONDS + 20, components=["worker"])
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["worker"].startswith("error: silent for ")
    assert response.json()["status"] == "unavailable"


def test_healthz_is_503_when_beat_fell_silent(client):
    _heartbeats(components=["worker"])
    _heartbeats(seconds_ago=settings.BEAT_SILENT_SECONDS + 20, components=["beat"])
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["beat"].startswith("error: silent for ")
    assert response.json()["worker"] == "ok"


def test_healthz_is_503_when_the_broker_is_down(client):
    from config.celery import app

    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:9/0"  # nothing listens on the discard port
    try:
        response = client.get(reverse("healthz"))
    finally:
        app.conf.broker_url = original
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")
    assert response.json()["database"] == "ok"


def _manage(*args, **env):
    # A production-like environment: none of the test run's own variables leak in.
    inherited = {"PATH", "HOME", "LANG", "DATABASE_URL", "REDIS_URL"}
    environment = {k: v for k, v in os.environ.items() if k in inherited}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_production_settings_pass_the_deploy_check():
    secret = "x" * 64 + "production-like-secret-Zq9!"
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secret,
        ALLOWED_HOSTS="baomi.example",
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_without_a_secret_key_a_random_one_is_kept_in_var(tmp_path):
    from config.env import local_secret_key

    key = local_secret_key(tmp_path / "var" / "secret_key")
    assert len(key) >= 50 and local_secret_key(tmp_path / "var" / "secret_key") == key
    assert oct((tmp_path / "var" / "secret_key").stat().st_mode)[-3:] == "600"
    assert local_secret_key(tmp_path / "other") != key


def test_without_an_audit_key_a_random_one_is_kept_outside_the_database(tmp_path):
    key_file = tmp_path / "keys" / "audit_key"
    assert _manage("check", AUDIT_KEY_FILE=str(key_file)).returncode == 0
    key = key_file.read_text()
    assert len(key) >= 32 and oct(key_file.stat().st_mode)[-3:] == "600"
    assert _manage("check", AUDIT_KEY_FILE=str(key_file)).returncode == 0
    assert key_file.read_text() == key  # made once, then kept


def test_start_up_refuses_a_short_audit_key():
    result = _manage("check", AUDIT_KEY="too-short")
    assert result.returncode != 0 and "AUDIT_KEY must be at least 32" in result.stderr


def test_start_up_refuses_a_bad_application_role_name():
    result = _manage("check", DATABASE_APP_ROLE="baomi; drop")
    assert result.returncode != 0 and "DATABASE_APP_ROLE must be" in result.stderr


def test_start_up_refuses_a_bad_boolean():
    result = _manage("check", DEBUG="maybe")
    assert result.returncode != 0 and "DEBUG must be a boolean" in result.stderr


def test_seed_demo_refuses_to_run_without_debug():
    result = _manage("seed_demo", DEBUG="0", SECRET_KEY="y" * 64)
    assert result.returncode != 0 and "refuses" in result.stderr


def test_confirmations_survive_any_language(client, django_user_model):
    """A translated text with quotes must not break the page's script (data-confirm)."""
    from django.utils import translation

    client.force_login(django_user_model.objects.get(username="hr"))
    client.cookies["django_language"] = "en"
    html = client.get(reverse("training:overview")).content.decode()
    assert 'data-confirm="Assign this month&#x27;s education' in html
    assert "onclick=" not in html
    translation.activate(settings.LANGUAGE_CODE)


def test_the_default_schedules_are_in_shanghai_time():
    from django_celery_beat.models import PeriodicTask

    schedule = {
        task.name: (
            task.crontab.minute,
            task.crontab.hour,
            task.crontab.day_of_month,
            task.crontab.day_of_week,
            str(task.crontab.timezone),
        )
        for task in PeriodicTask.objects.select_related("crontab")
    }
    assert schedule == {
        "offboarding.sweep_deadlines": ("0", "8", "*", "*", "Asia/Shanghai"),
        "training.assign_monthly": ("0", "9", "1", "*", "Asia/Shanghai"),
        "training.sweep_reminders": ("5", "8", "*", "*", "Asia/Shanghai"),
        "audit.clean_orphan_permissions": ("0", "3", "*", "0", "Asia/Shanghai"),
        "audit.checkpoint_write": ("55", "23", "*", "*", "Asia/Shanghai"),
        "clearance.expire_clearances": ("5", "0", "*", "*", "Asia/Shanghai"),
        "clearance.sweep_deadlines": ("15", "*", "*", "*", "Asia/Shanghai"),
        "clearance.sweep_findings": ("20", "8", "*", "*", "Asia/Shanghai"),
        "archives.sweep": ("10", "8", "*", "*", "Asia/Shanghai"),
        "audit.exports_reap": ("*/5", "*", "*", "*", "Asia/Shanghai"),
        "audit.backup_daily": ("30", "2", "*", "*", "Asia/Shanghai"),
        "exams.submit_overdue_papers": ("*/5", "*", "*", "*", "Asia/Shanghai"),
    }


def test_every_scheduled_task_is_registered():
    from django_celery_beat.models import PeriodicTask

    from config.celery import app

    app.loader.import_default_modules()
    for name in PeriodicTask.objects.values_list("task", flat=True):
        assert name in app.tasks, name
