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

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connection, connections
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL


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
# A list (of ids) stands in as that many ints: its length is part of the query's shape.
_STAND_INS = {
    int: lambda n, _length: 2_000_000_000 + n * 100_000,
    str: lambda n, _length: f"\x01stand-in {n}\x01",
    datetime.date: lambda n, _length: datetime.date(1111, 11, 1 + n),
    list: lambda n, length: [2_000_000_001 + n * 100_000 + i for i in range(length)],
}


class Statement:
    """A query of one fixed shape, compiled by the ORM once per process and prepared once per
    connection; each run binds its own values. For queries of pages that run them every
    time: the ORM's compiling cost such a query several times its running.

    `build(**values)` returns the queryset; `kinds` gives each value's type (int, str,
    datetime.date, or list for a list of ints, compiled once per length). It is built with a
    stand-in for each value; the compiled query's parameters equal to a stand-in are where a
    run's values go. A value that changes the query's text otherwise (None for IS NULL)
    belongs in `build`, not in the values. Calling the statement gives what iterating the
    queryset would: models (with their select_related joins) or values."""

    def __init__(self, build: Callable[..., QuerySet], **kinds: type):
        self._build, self._kinds = build, kinds
        self._shapes = {}

    def __call__(self, **values) -> list:
        compiled = None if self._beyond_bigint(values) else self._compiled(values)
        if compiled is None:
            return []  # as the ORM answers a condition no row can meet (an empty IN list)
        template, compiler, sql, slots = compiled
        params = [_bound(values, slot, value) for slot, value in slots]
        bound = copy.copy(compiler)
        bound.connection = connections[template.db]  # this thread's: Django's are per thread
        bound.as_sql = lambda *args, **kwargs: (sql, params)
        queryset = template._chain()
        queryset.query.get_compiler = lambda *args, **kwargs: bound
        with prepared():
            return list(queryset)

    def subquery(self, **values) -> RawSQL:
        """The query with these values as SQL to use in another's condition, `pk__in=`: the
        other query then compiles none of this one's conditions."""
        _template, _compiler, sql, slots = self._compiled(values)
        params = [_bound(values, slot, value) for slot, value in slots]
        return RawSQL(sql, params)  # nosec B611: SQL compiled by the ORM, values as parameters

    def _beyond_bigint(self, values: dict) -> bool:
        """An id no column holds (a URL's 99999999999999999999): the ORM finds nothing for
        it, where SQLite's driver would refuse to bind it."""
        ints = (values[name] for name, kind in self._kinds.items() if kind is int)
        return any(isinstance(value, int) and not -(2**63) <= value < 2**63 for value in ints)

    def _compiled(self, values: dict):
        lengths = tuple(len(values[name]) for name, kind in self._kinds.items() if kind is list)
        if lengths not in self._shapes:
            self._shapes[lengths] = self._compile(iter(lengths))
        return self._shapes[lengths]

    def _compile(self, lengths):
        stand_ins = {
            name: _STAND_INS[kind](n, next(lengths) if kind is list else None)
            for n, (name, kind) in enumerate(self._kinds.items())
        }
        template = self._build(**stand_ins)
        compiler = template.query.get_compiler(template.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return None
        places = {}
        for name, stand_in in stand_ins.items():
            adapt = _adapter(compiler.connection, self._kinds[name])
            if isinstance(stand_in, list):
                places.update({adapt(value): (name, i, adapt) for i, value in enumerate(stand_in)})
            else:
                places[adapt(stand_in)] = (name, None, adapt)
        slots = [(places.get(value) if _hashable(value) else None, value) for value in params]
        missing = set(stand_ins) - {slot[0] for slot, _value in slots if slot}
        if missing:
            raise ImproperlyConfigured(f"{self._build.__qualname__}: {sorted(missing)} unused")
        return template, compiler, sql, slots


def _adapter(connection, kind) -> Callable:
    """How the backend writes a value of this kind among a query's parameters: SQLite writes
    a date as text, so the stand-in is found, and a run's value bound, as text there."""
    if kind is datetime.date:
        return connection.ops.adapt_datefield_value
    return _as_is


def _as_is(value):
    return value


def _bound(values: dict, slot, compiled):
    if slot is None:
        return compiled
    name, index, adapt = slot
    return adapt(values[name] if index is None else values[name][index])


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True
