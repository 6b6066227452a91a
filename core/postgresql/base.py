"""PostgreSQL as Django's backend has it, with a health check that costs no round trip while
the connection has nothing to say.

A worker keeps its connection between requests, and Django checks it (CONN_HEALTH_CHECKS)
with `SELECT 1` before each request's first query: one more round trip on every signed-in
page. A connection the server has closed since (a restart, a terminated backend) has its
socket readable, the server's farewell or the end of the stream waiting in it; an idle,
healthy one has nothing there. The server is still asked `SELECT 1` when anything is
waiting, when the connection is not idle outside a transaction, and after an error (Django
then checks the connection at the request's end).
"""

import select

from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        raw = self.connection
        if raw is None or raw.closed or raw.broken:
            return False
        if (
            self.errors_occurred
            or raw.info.transaction_status != TransactionStatus.IDLE
            or _waiting(raw.fileno())
        ):
            return super().is_usable()
        return True


def _waiting(socket: int) -> bool:
    """Whether the socket has anything to read, its end included (poll, not select: a
    worker's descriptors may number above select's 1,024)."""
    poller = select.poll()
    poller.register(socket, select.POLLIN)
    return bool(poller.poll(0))
