"""Appends to the access log from several connections at once, on PostgreSQL: the chain
never forks (each row's prev_hash is the row before it), whatever the interleaving."""

import threading

import pytest
from django.db import connection

from audit.chain import chain_verify
from audit.models import AccessLog
from audit.services import access_record

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS, EACH = 4, 25


def test_concurrent_appends_keep_one_chain(require_services):
    barrier = threading.Barrier(WRITERS)
    errors = []

    def append(n):
        try:
            barrier.wait()
            for i in range(EACH):
                access_record(user=None, action=AccessLog.Action.VIEW, target_repr=f"{n}-{i}")
        except Exception as error:  # noqa: BLE001  reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    entries = list(AccessLog.objects.order_by("id"))
    assert len(entries) == WRITERS * EACH
    assert len({entry.prev_hash for entry in entries}) == len(entries)  # no two on one row
    assert chain_verify(entries) == (len(entries), None)


def test_a_row_chained_onto_a_stale_head_is_chained_again_onto_the_real_one(require_services):
    """Another process appended meanwhile: the head this process remembers is stale, so the
    one-statement append refuses it and the row goes onto the real head."""
    from audit import services

    first = access_record(user=None, action=AccessLog.Action.VIEW, target_repr="first")
    services._LAST_HEAD["hash"] = "not the head any more"
    second = access_record(user=None, action=AccessLog.Action.VIEW, target_repr="second")
    assert second.prev_hash == first.hash
    stored = AccessLog.objects.get(pk=second.pk)
    assert (stored.prev_hash, stored.hash) == (second.prev_hash, second.hash)
    assert chain_verify(AccessLog.objects.order_by("id")) == (2, None)
