"""The keyed chain (audit 0007): rows chained before it are re-chained under the key."""

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings

from audit.chain import chain_verify
from audit.models import AccessLog
from audit.services import access_record
from tests.app_role import acting_as_owner

pytestmark = pytest.mark.django_db


def verify():
    return chain_verify(AccessLog.objects.order_by("id"))


def test_the_chain_depends_on_the_key():
    entry = access_record(user=None, action=AccessLog.Action.VIEW, target_type="t", target_repr="t")
    assert verify() == (1, None)
    with override_settings(AUDIT_KEY="another-key-of-at-least-thirty-two-characters"):
        assert entry.compute_hash() != entry.hash
        assert verify() == (0, f"entry {entry.pk}: its content was altered")


def test_the_migration_rechains_an_unkeyed_log_under_the_key(require_services):
    for name in ("a", "b", "c"):
        access_record(user=None, action=AccessLog.Action.VIEW, target_type="t", target_repr=name)
    with acting_as_owner():
        call_command("migrate", "audit", "0006", verbosity=0)
        # Back to the old plain SHA-256 chain: the keyed check refuses it.
        assert verify()[1] is not None
        call_command("migrate", "audit", verbosity=0)
    assert verify() == (3, None)
    call_command("verify_audit")


def test_the_migration_keeps_a_broken_log_as_it_is(require_services, settings):
    """Re-chaining a tampered log would bless the tampering: the migration stops first."""
    entries = [
        access_record(user=None, action=AccessLog.Action.VIEW, target_type="t", target_repr=n)
        for n in ("a", "b", "c")
    ]
    with acting_as_owner():
        call_command("migrate", "audit", "0006", verbosity=0)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_accesslog DISABLE TRIGGER baomi_append_only")
            cursor.execute(
                "UPDATE audit_accesslog SET username = 'someone' WHERE id = %s", [entries[1].pk]
            )
            cursor.execute("ALTER TABLE audit_accesslog ENABLE TRIGGER baomi_append_only")
        tampered = list(AccessLog.objects.order_by("id").values_list("hash", flat=True))
        with pytest.raises(RuntimeError, match=f"entry {entries[1].pk}: its content was altered"):
            call_command("migrate", "audit", verbosity=0)
        assert list(AccessLog.objects.order_by("id").values_list("hash", flat=True)) == tampered
        settings.AUDIT_RECHAIN_BROKEN_LOG = True
        call_command("migrate", "audit", verbosity=0)
    assert verify() == (3, None)
