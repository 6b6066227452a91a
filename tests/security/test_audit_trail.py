"""Item 5 of the security baseline, tried as an attacker would."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.urls import reverse

from audit.append_only import protected_tables
from audit.models import AccessLog
from audit.services import access_record
from personnel.models import Employee
from tests.app_role import acting_as_owner

pytestmark = pytest.mark.django_db


def read_some(login):
    client = login("hr")
    for employee in Employee.objects.all()[:3]:
        client.get(reverse("personnel:employee_detail", args=[employee.pk]))


def test_verify_audit_passes_on_an_untouched_log(demo, login, capsys):
    read_some(login)
    call_command("verify_audit")
    assert "3 entries, chain verified, 0 checkpoints checked" in capsys.readouterr().out


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def tamper():
    """Alter the access log behind the application's back, as whoever holds the account that
    owns the tables would: on PostgreSQL that is the owner (RESET ROLE), who may switch the
    append-only trigger off; the application's own role may not (test_database_roles)."""

    def _tamper(sql, params=()):
        if connection.vendor != "postgresql":
            raw(sql, params)
            return
        with acting_as_owner(), transaction.atomic():
            raw("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE waits for no pending check
            raw("ALTER TABLE audit_accesslog DISABLE TRIGGER baomi_append_only")
            raw(sql, params)
            raw("ALTER TABLE audit_accesslog ENABLE TRIGGER baomi_append_only")
            raw("SET CONSTRAINTS ALL DEFERRED")

    return _tamper


def test_verify_audit_finds_an_altered_row(demo, login, tamper):
    read_some(login)
    second = AccessLog.objects.order_by("id")[1]
    tamper("UPDATE audit_accesslog SET username = %s WHERE id = %s", ["someone", second.pk])
    with pytest.raises(CommandError, match=f"entry {second.pk}: its content was altered"):
        call_command("verify_audit")


def test_verify_audit_finds_a_removed_row(demo, login, tamper):
    read_some(login)
    first, second, third = AccessLog.objects.order_by("id")
    tamper("DELETE FROM audit_accesslog WHERE id = %s", [second.pk])
    with pytest.raises(CommandError, match=f"entry {third.pk}: the entry before it is missing"):
        call_command("verify_audit")


def rechain_without_the_key(tamper, from_entry):
    """The attacker's next step: recompute every hash from `from_entry` on, with the
    published algorithm and the only key they have, one of their own."""
    previous = AccessLog.objects.filter(id__lt=from_entry.pk).order_by("-id").first()
    previous_hash = previous.hash if previous else ""
    with override_settings(AUDIT_KEY="not-the-key-the-attacker-guesses-0123456789"):
        for entry in AccessLog.objects.filter(id__gte=from_entry.pk).order_by("id"):
            entry.prev_hash = previous_hash
            entry.hash = entry.compute_hash()
            tamper(
                "UPDATE audit_accesslog SET prev_hash = %s, hash = %s WHERE id = %s",
                [entry.prev_hash, entry.hash, entry.pk],
            )
            previous_hash = entry.hash


def test_verify_audit_finds_a_rewritten_and_rechained_row(demo, login, tamper):
    read_some(login)
    second = AccessLog.objects.order_by("id")[1]
    tamper("UPDATE audit_accesslog SET username = %s WHERE id = %s", ["someone", second.pk])
    rechain_without_the_key(tamper, second)
    with pytest.raises(CommandError, match=f"entry {second.pk}: its content was altered"):
        call_command("verify_audit")


def test_verify_audit_finds_a_removed_and_rechained_row(demo, login, tamper):
    read_some(login)
    first, second, third = AccessLog.objects.order_by("id")
    tamper("DELETE FROM audit_accesslog WHERE id = %s", [second.pk])
    rechain_without_the_key(tamper, third)
    with pytest.raises(CommandError, match=f"entry {third.pk}: its content was altered"):
        call_command("verify_audit")


def test_verify_audit_checks_every_checkpoint(demo, login, capsys):
    read_some(login)
    call_command("audit_checkpoint")
    read_some(login)  # rows after the day's checkpoint are only chained
    capsys.readouterr()
    call_command("verify_audit")
    assert "6 entries, chain verified, 1 checkpoints checked" in capsys.readouterr().out


def test_verify_audit_finds_the_last_rows_cut(demo, login, tamper):
    read_some(login)
    call_command("audit_checkpoint")
    first, second, third = AccessLog.objects.order_by("id")
    tamper("DELETE FROM audit_accesslog WHERE id >= %s", [second.pk])
    with pytest.raises(CommandError, match=f"entry {third.pk} is missing"):
        call_command("verify_audit")


def test_verify_audit_finds_a_truncated_log(demo, login, tamper):
    read_some(login)
    call_command("audit_checkpoint")
    last = AccessLog.objects.order_by("id").last()
    tamper(
        "TRUNCATE audit_accesslog"
        if connection.vendor == "postgresql"
        else "DELETE FROM audit_accesslog"
    )
    with pytest.raises(CommandError, match=f"entry {last.pk} is missing"):
        call_command("verify_audit")


def test_verify_audit_finds_a_cut_log_refilled_without_the_key(demo, login, tamper):
    read_some(login)
    call_command("audit_checkpoint")
    first, second, third = AccessLog.objects.order_by("id")
    tamper("UPDATE audit_accesslog SET username = %s WHERE id = %s", ["someone", third.pk])
    rechain_without_the_key(tamper, first)
    with pytest.raises(CommandError, match=f"entry {first.pk}: its content was altered"):
        call_command("verify_audit")
    with pytest.raises(CommandError, match=f"entry {third.pk} differs from"):
        call_command("verify_audit")


def test_failed_logins_are_logged(demo, client):
    client.post(reverse("login"), {"username": "hr", "password": "wrong-password-1"})
    log = AccessLog.objects.get(action=AccessLog.Action.LOGIN_FAILED)
    assert log.username == "hr" and log.user is None


def test_exports_and_refusals_are_logged(demo, login):
    client = login("emp_cs")
    assert client.get(reverse("personnel:roster_pdf")).status_code == 403
    assert AccessLog.objects.filter(action=AccessLog.Action.REFUSED, target_type="403").exists()


def test_every_history_table_is_protected():
    tables = protected_tables()
    assert "audit_accesslog" in tables and "personnel_historicalemployee" in tables
    assert "offboarding_historicalresignation" in tables
    assert "training_historicalassignment" in tables


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE personnel_historicalemployee SET name = 'x'",
        "DELETE FROM personnel_historicalemployee",
        "UPDATE audit_accesslog SET username = 'x'",
        "DELETE FROM audit_accesslog",
    ],
)
def test_the_database_refuses_to_rewrite_history(require_services, demo, sql):
    """Even the owner of the tables, who alone may try (the application's role may not:
    test_database_roles), is refused until they switch the trigger off."""
    access_record(user=None, action=AccessLog.Action.VIEW, target_type="t", target_repr="t")
    with pytest.raises(DatabaseError, match="append-only"):
        with acting_as_owner(), transaction.atomic():
            raw(sql)
