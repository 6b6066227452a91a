"""Queries every page runs, prepared once per database connection.

PostgreSQL plans a query each time it receives one. For the few queries that every page
runs (the signed-in user with their rights, the navigation's badges), planning costs several
times what running them does; prepared, a connection plans each once and reuses the plan.
Django's PostgreSQL backend binds parameters on the client, which cannot prepare: inside
`prepared()`, the connection's cursors bind on the server and prepare what they run. They
are still Django's cursors (its query log, its errors); other queries are left as they are.
"""

import copy
import datetime
from collections.abc import Callable
from contextlib import contextmanager
from functools import cached_property

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.models import QuerySet


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


# The stand-in for a value of each kind: compiled into the parameters where the value goes.
_STAND_INS = {
    int: lambda n: 2_000_000_000 + n,
    str: lambda n: f"\x01stand-in {n}\x01",
    datetime.date: lambda n: datetime.date(1111, 11, 1 + n),
}


class Statement:
    """A query of one fixed shape, compiled by the ORM once per process and prepared once per
    connection; each run binds its own values. For queries of pages that run them every
    time: the ORM's compiling cost such a query several times its running.

    `build(**values)` returns the queryset; `kinds` gives each value's type (int, str or
    datetime.date). It is built once with a stand-in for each value; the compiled query's
    parameters equal to a stand-in are where a run's values go. A value that changes the
    query's text (a list for IN, None for IS NULL) belongs in `build`, not in the values.
    Calling the statement gives what iterating the queryset would: models (with their
    select_related joins) or values."""

    def __init__(self, build: Callable[..., QuerySet], **kinds: type):
        self._build, self._kinds = build, kinds

    def __call__(self, **values) -> list:
        template, compiler, sql, slots = self._compiled
        params = [values[name] if name else value for name, value in slots]
        bound = copy.copy(compiler)
        bound.as_sql = lambda *args, **kwargs: (sql, params)
        queryset = template._chain()
        queryset.query.get_compiler = lambda *args, **kwargs: bound
        with prepared():
            return list(queryset)

    @cached_property
    def _compiled(self):
        kinds = enumerate(self._kinds.items())
        stand_ins = {name: _STAND_INS[kind](n) for n, (name, kind) in kinds}
        template = self._build(**stand_ins)
        compiler = template.query.get_compiler(template.db)
        sql, params = compiler.as_sql()
        names = {value: name for name, value in stand_ins.items()}
        slots = [(names.get(value) if _hashable(value) else None, value) for value in params]
        missing = set(stand_ins) - {name for name, _value in slots}
        if missing:
            raise ImproperlyConfigured(f"{self._build.__qualname__}: {sorted(missing)} unused")
        return template, compiler, sql, slots


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True
