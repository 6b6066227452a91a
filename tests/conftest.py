import os
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.test import TransactionTestCase

from personnel.demo import seed_demo
from tests import app_role


def pytest_configure(config):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    app_role.configure()


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or default_port), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"


@pytest.fixture
def require_services():
    """PostgreSQL and Redis for integration tests: fail under REQUIRE_SERVICES=1, else skip."""
    database = settings.DATABASES["default"]
    problems = []
    if database["ENGINE"] != "core.postgresql":
        problems.append("DATABASE_URL does not point at PostgreSQL")
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url or not _reachable(redis_url, 6379):
        problems.append("REDIS_URL is unset or Redis does not answer")
    if problems:
        message = "; ".join(problems)
        if settings.REQUIRE_SERVICES:
            pytest.fail(f"required service missing: {message}")
        pytest.skip(message)


@pytest.fixture(scope="session")
def _app_role_exists(django_db_blocker):
    with django_db_blocker.unblock():
        app_role.role_ensure()


@pytest.fixture(scope="session")
def django_db_setup(_app_role_exists, django_db_setup, django_db_blocker):
    # Migrated as the owner; from here on the application's role (tests/app_role.py).
    # Seed once; each test runs in a rolled-back transaction on top of it.
    with django_db_blocker.unblock():
        app_role.start()
        seed_demo()
    yield
    with django_db_blocker.unblock():
        app_role.stop()


@pytest.fixture(scope="session", autouse=True)
def _flush_as_owner():
    """Emptying the database after a transactional test (TRUNCATE, then post_migrate, which
    re-installs triggers and grants) is the owner's work, as it would be in production."""
    flush = TransactionTestCase._fixture_teardown

    def _fixture_teardown(self):
        with app_role.acting_as_owner():
            flush(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TransactionTestCase, "_fixture_teardown", _fixture_teardown)
        yield


@pytest.fixture
def demo(db):
    """The demo organisation: 研发部/客服部/行政部…, ~30 employees, one login per role.

    Already there from the session seed; re-created after a transactional test flushed it.
    """
    seed_demo()


@pytest.fixture
def login(client, django_user_model):
    def _login(username):
        client.force_login(django_user_model.objects.get(username=username))
        return client

    return _login
