"""On PostgreSQL the tests run with production's split of database roles (C10).

The session connects as the server's superuser, which creates and migrates the test
database and so owns its tables, like the owner role that runs `migrate` in production;
`migrate` grants the application's role (DATABASE_APP_ROLE) its rights. From then on every
connection acts as that role (SET ROLE), so the suite exercises exactly what the
application may do. What only the owner may do runs inside `acting_as_owner()`: the flush
that empties the database after a transactional test (TRUNCATE, then post_migrate), and an
attacker holding the owner's account (tests/security/test_audit_trail.py).
"""

from contextlib import contextmanager
from urllib.parse import quote

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.backends.base.base import NO_DB_ALIAS
from django.db.backends.signals import connection_created

DEFAULT_ROLE = "baomi_app"

_state = {"active": False, "owner": 0, "role": ""}


def configure() -> None:
    """At start-up, before the test database is migrated: name the role migrate grants."""
    if settings.DATABASES["default"]["ENGINE"] == "core.postgresql":
        settings.DATABASE_APP_ROLE = settings.DATABASE_APP_ROLE or DEFAULT_ROLE


def _enabled() -> bool:
    return bool(settings.DATABASE_APP_ROLE) and connections["default"].vendor == "postgresql"


def role_ensure() -> None:
    """The role exists in the cluster (NOLOGIN: only SET ROLE reaches it here)."""
    if not _enabled():
        return
    connection = connections["default"]
    role = connection.ops.quote_name(settings.DATABASE_APP_ROLE)
    with connection._nodb_cursor() as cursor:
        # Another test run on the same server may create it at the same moment.
        cursor.execute(
            f"DO $$ BEGIN CREATE ROLE {role} NOLOGIN; "
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        )


def _set_role(sender=None, connection=None, **_kwargs) -> None:
    if connection.alias == NO_DB_ALIAS or connection.vendor != "postgresql":
        return  # the server-level connection that creates and drops the test database
    if _state["owner"]:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {connection.ops.quote_name(_state['role'])}")


def start() -> None:
    """Every connection, open now or opened later (threads, the live server), acts as the
    application's role."""
    if not _enabled():
        return
    _state["active"], _state["role"] = True, settings.DATABASE_APP_ROLE
    connection_created.connect(_set_role, dispatch_uid="tests.app_role")
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            _set_role(connection=connection)


def stop() -> None:
    if not _state["active"]:
        return
    connection_created.disconnect(dispatch_uid="tests.app_role")
    _state["active"] = False
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and not connection.needs_rollback:
            with connection.cursor() as cursor:
                cursor.execute("RESET ROLE")


@contextmanager
def acting_as_owner(using="default"):
    """The block runs as the owner of the tables; then the connection is the application's
    again (a failed transaction rolls the role back by itself)."""
    if not _state["active"]:
        yield
        return
    connection = connections[using]
    _state["owner"] += 1
    try:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
        yield
    finally:
        _state["owner"] -= 1
        if connection.connection is not None and not connection.needs_rollback:
            try:
                _set_role(connection=connection)
            except DatabaseError:
                # The block failed inside a transaction: its rollback restores the role the
                # transaction began with, and the block's own error is the one to see.
                if not connection.in_atomic_block:
                    raise


def url_options() -> str:
    """The DATABASE_URL query that makes another process (a Celery worker) act as the role."""
    if not _state["active"]:
        return ""
    return "?options=" + quote(f"-c role={_state['role']}", safe="")
