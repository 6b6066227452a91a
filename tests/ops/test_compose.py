"""The production stack as docker-compose declares it (issue 15, item 5): checked offline
with Debian's docker-compose, as no Docker engine runs here."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.test import override_settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
SECRETS = {
    "SECRET_KEY": "s",
    "AUDIT_KEY": "a",
    "POSTGRES_PASSWORD": "p",
    "BAOMI_OWNER_PASSWORD": "o",
    "BAOMI_APP_PASSWORD": "w",
}


def compose_config(env) -> subprocess.CompletedProcess:
    assert shutil.which("docker-compose"), "make install installs docker-compose"
    clean = {k: v for k, v in os.environ.items() if k not in SECRETS}
    command = ["docker-compose", "-f", str(ROOT / "docker-compose.yml"), "config"]
    return subprocess.run(command, env={**clean, **env}, capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def stack():
    result = compose_config(SECRETS)
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)["services"]


def test_the_compose_file_is_valid_and_refuses_missing_secrets():
    missing = compose_config({k: v for k, v in SECRETS.items() if k != "SECRET_KEY"})
    assert missing.returncode != 0 and "SECRET_KEY" in missing.stderr


def test_migrations_run_once_before_any_web_container(stack):
    for name in ("web", "worker", "beat"):
        assert stack[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )
        assert "DATABASE_OWNER_URL" not in stack[name]["environment"]
    assert stack["migrate"]["restart"] == "no"


def test_backups_checkpoints_and_uploads_live_in_volumes(stack):
    for name in ("web", "worker", "beat"):
        targets = {
            volume.split(":")[1] if isinstance(volume, str) else volume["target"]
            for volume in stack[name]["volumes"]
        }
        assert {"/app/var/media", "/app/var/audit-checkpoints", "/app/var/backups"} <= targets


def test_secrets_and_local_state_never_enter_the_image():
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".env", ".env.*", "var", ".git"} <= set(ignored)


@pytest.mark.django_db
def test_the_web_healthcheck_request_reaches_healthz(stack, client, settings):
    """The request the healthcheck makes, through the production host check and HTTPS
    redirect: neither answers for /healthz (a 400 or a 301 would keep the stack unhealthy)."""
    command = " ".join(stack["web"]["healthcheck"]["test"])
    assert "/healthz" in command and "X-Forwarded-Proto" in command and "ALLOWED_HOSTS" in command
    with override_settings(
        ALLOWED_HOSTS=["baomi.example.com"],
        SECURE_SSL_REDIRECT=True,
        SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    ):
        bare = client.get(reverse("healthz"), HTTP_HOST="127.0.0.1")
        assert bare.status_code == 400  # what the old healthcheck met
        asked = client.get(
            reverse("healthz"), HTTP_HOST="baomi.example.com", HTTP_X_FORWARDED_PROTO="https"
        )
        assert asked.status_code in (200, 503) and "database" in asked.json()
