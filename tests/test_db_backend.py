"""core.postgresql: a kept connection is checked before a request's first query without a
round trip while it is healthy, and one the server has closed is still found out."""

import time

import pytest
from django.db import connection

from tests.app_role import acting_as_owner

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(require_services):
    """A second connection to the test database, as a worker keeps one between requests."""
    other = connection.copy()
    other.ensure_connection()
    yield other
    other.close()


def _last_query_of(pid: int) -> str:
    with acting_as_owner(), connection.cursor() as cursor:  # another session's activity
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0]


def test_a_healthy_connection_is_checked_without_a_query(kept):
    with kept.cursor() as cursor:
        cursor.execute("SELECT 'the last query'")
    assert kept.is_usable()
    assert _last_query_of(kept.connection.info.backend_pid) == "SELECT 'the last query'"


def test_a_connection_after_an_error_is_asked(kept):
    kept.errors_occurred = True  # as Django marks it when a query failed in the request
    assert kept.is_usable()
    assert _last_query_of(kept.connection.info.backend_pid) == "SELECT 1"


def test_a_connection_the_server_closed_is_found_unusable(kept):
    pid = kept.connection.info.backend_pid
    with acting_as_owner(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while kept.is_usable() and time.monotonic() < deadline:
        time.sleep(0.05)  # until the server's farewell reaches the socket
    assert not kept.is_usable()
    kept.close_if_unusable_or_obsolete()  # a request begins: check before the first query
    with kept.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    assert kept.connection.info.backend_pid != pid  # a new connection answered
