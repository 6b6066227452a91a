"""Queries every page runs, prepared once per database connection.

PostgreSQL plans a query each time it receives one. For the few queries that every page
runs (the signed-in user with their rights, the navigation's badges), planning costs several
times what running them does; prepared, a connection plans each once and reuses the plan.
Django's PostgreSQL backend binds parameters on the client, which cannot prepare: inside
`prepared()`, the connection's cursors bind on the server and prepare what they run. They
are still Django's cursors (its query log, its errors); other queries are left as they are.
"""

from contextlib import contextmanager

from django.db import connection
from django.db.backends.postgresql.base import ServerBindingCursor


class PreparingCursor(ServerBindingCursor):
    def execute(self, query, params=None, *, prepare=None, binary=None):
        super().execute(query, params, prepare=True, binary=binary)
        if connection.queries_logged:
            # A prepared execution leaves no query text behind, where Django's log reads it.
            self._query = self._convert_query(query, params)
        return self


@contextmanager
def prepared():
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    plain = raw.cursor_factory
    raw.cursor_factory = PreparingCursor
    try:
        yield
    finally:
        raw.cursor_factory = plain
