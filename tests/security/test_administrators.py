"""Three administrators instead of one superuser (issue 14, item 1; C10), and every role and
account change recorded (item 3)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import transaction

from accounts.models import AccountEvent
from accounts.services import roles_set
from audit.errors import DomainError

pytestmark = pytest.mark.django_db
User = get_user_model()
Action = AccountEvent.Action


def user(name):
    return User.objects.get(username=name)


def test_nobody_in_the_demo_is_a_superuser(demo):
    assert not User.objects.filter(is_superuser=True).exists()
    for role in ("sysadmin", "secadmin", "secauditor"):
        assert list(user(role).groups.values_list("name", flat=True)) == [role]


def test_no_superuser_can_be_made(demo):
    with pytest.raises(DomainError):
        User.objects.create_superuser("root", "root@example.com", "Root-2026x")
    someone = user("emp_cs")
    someone.is_superuser = True
    with pytest.raises(DomainError):
        someone.save()
    assert not User.objects.filter(is_superuser=True).exists()


def test_create_administrators_makes_three_plain_accounts(demo, capsys):
    call_command("create_administrators")
    assert capsys.readouterr().out.count("exists, password unchanged") == 3
    for role in ("sysadmin", "secadmin", "secauditor"):  # as on a fresh installation
        User.objects.filter(username=role).update(username=f"old_{role}")
    call_command("create_administrators")
    out = capsys.readouterr().out
    assert out.count("created, first password") == 3
    made = User.objects.filter(username__in=["sysadmin", "secadmin", "secauditor"])
    assert made.count() == 3 and not made.filter(is_superuser=True).exists()
    assert list(made.filter(is_staff=True).values_list("username", flat=True)) == ["sysadmin"]


@pytest.mark.parametrize("other", ["sysadmin", "secadmin"])
def test_the_auditor_role_is_refused_beside_another_administrator(demo, other):
    with pytest.raises(DomainError):
        roles_set(actor=user("secadmin"), user=user("emp_cs"), roles=["secauditor", other])
    with pytest.raises(DomainError):  # added later, on the security administrator's page
        roles_set(actor=user("secadmin"), user=user("secauditor"), roles=["secauditor", other])
    with pytest.raises(DomainError), transaction.atomic():  # or in a shell, from either side
        user("secauditor").groups.add(Group.objects.get(name=other))
    with pytest.raises(DomainError), transaction.atomic():
        Group.objects.get(name="secauditor").user_set.add(user(other))
    assert list(user("secauditor").groups.values_list("name", flat=True)) == ["secauditor"]


def test_only_the_security_administrator_grants_roles_and_never_their_own(demo):
    for actor in ("sysadmin", "hr", "security", "secauditor"):
        with pytest.raises(PermissionDenied):
            roles_set(actor=user(actor), user=user("emp_cs"), roles=["employee", "archivist"])
    with pytest.raises(DomainError):
        roles_set(actor=user("secadmin"), user=user("secadmin"), roles=["secadmin", "auditor"])


def test_a_role_grant_and_revocation_are_recorded(demo):
    assert AccountEvent.objects.filter(target=user("emp_cs"), action=Action.CREATED).exists()
    before = AccountEvent.objects.order_by("id").last().pk
    roles_set(actor=user("secadmin"), user=user("emp_cs"), roles=["employee", "archivist"])
    roles_set(actor=user("secadmin"), user=user("emp_cs"), roles=["employee"])
    events = AccountEvent.objects.filter(target=user("emp_cs"), pk__gt=before).order_by("id")
    assert [(e.actor_name, e.action, e.detail) for e in events] == [
        ("secadmin", Action.ROLE_GRANTED, "archivist"),
        ("secadmin", Action.ROLE_REVOKED, "archivist"),
    ]


def test_a_change_made_outside_the_services_is_recorded_too(demo):
    someone = user("emp_cs")
    someone.set_password("Another-2026")
    someone.is_active = False
    someone.save()
    someone.groups.clear()
    actions = set(AccountEvent.objects.filter(target=someone).values_list("action", "actor_name"))
    assert {(Action.PASSWORD_RESET, "system"), (Action.DEACTIVATED, "system"),
            (Action.ROLE_REVOKED, "system")} <= actions  # fmt: skip


def test_the_account_events_are_append_only(demo):
    from audit.append_only import protected_tables

    assert AccountEvent._meta.db_table in protected_tables()
