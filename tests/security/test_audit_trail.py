"""Item 5 of the security baseline, tried as an attacker would."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from audit.append_only import protected_tables
from audit.models import AccessLog
from audit.services import access_record
from personnel.models import Employee

pytestmark = pytest.mark.django_db


def read_some(login):
    client = login("hr")
    for employee in Employee.objects.all()[:3]:
        client.get(reverse("personnel:employee_detail", args=[employee.pk]))


def test_verify_audit_passes_on_an_untouched_log(demo, login, capsys):
    read_some(login)
    call_command("verify_audit")
    assert "3 entries, chain verified" in capsys.readouterr().out


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def tamper(settings):
    """Alter rows behind the application's back (on PostgreSQL, with the trigger off)."""

    def _tamper(sql, params=()):
        if connection.vendor == "postgresql":  # a superuser switching triggers off
            raw("SET LOCAL session_replication_role = replica")
            raw(sql, params)
            raw("SET LOCAL session_replication_role = DEFAULT")
        else:
            raw(sql, params)

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
    access_record(user=None, action=AccessLog.Action.VIEW, target_type="t", target_repr="t")
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic():
            raw(sql)
