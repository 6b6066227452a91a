"""Three administrators instead of one superuser (issue 14, item 1; C10), and every role and
account change recorded (item 3)."""

import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccountEvent
from accounts.services import roles_set
from core.errors import DomainError

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
    assert {
        (Action.PASSWORD_RESET, "system"),
        (Action.DEACTIVATED, "system"),
        (Action.ROLE_REVOKED, "system"),
    } <= actions


def test_the_account_events_are_append_only(demo):
    from audit.append_only import protected_tables

    assert AccountEvent._meta.db_table in protected_tables()


# --- The pages: secadmin grants, secauditor reads (items 1 and 3) -----------------------------


def test_the_security_administrator_grants_a_role_on_the_roles_page(demo, login):
    client = login("secadmin")
    account = user("emp_cs")
    assert "emp_cs" in client.get(reverse("personnel:role_list"), {"q": "林芳"}).content.decode()
    response = client.post(
        reverse("personnel:role_edit", args=[account.pk]), {"roles": ["employee", "archivist"]}
    )
    assert response.status_code == 302
    assert set(account.groups.values_list("name", flat=True)) == {"employee", "archivist"}
    refused = client.post(
        reverse("personnel:role_edit", args=[user("secauditor").pk]),
        {"roles": ["secauditor", "secadmin"]},
    )
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    assert list(user("secauditor").groups.values_list("name", flat=True)) == ["secauditor"]


def test_a_department_head_keeps_the_headship_role_when_roles_change(demo, login):
    head = user("head_rd")
    assert head.groups.filter(name="dept_head").exists()
    login("secadmin").post(
        reverse("personnel:role_edit", args=[head.pk]), {"roles": ["employee", "archivist"]}
    )
    assert set(head.groups.values_list("name", flat=True)) == {"employee", "archivist", "dept_head"}


@pytest.mark.parametrize("username", ["sysadmin", "secauditor", "hr", "security", "auditor"])
def test_nobody_else_reaches_the_roles_page(demo, login, username):
    client = login(username)
    assert client.get(reverse("personnel:role_list")).status_code == 403
    page = reverse("personnel:role_edit", args=[user("emp_cs").pk])
    assert client.post(page, {"roles": ["employee", "security_officer"]}).status_code == 403
    assert not user("emp_cs").groups.filter(name="security_officer").exists()


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "hr", "security", "auditor"])
def test_only_the_security_auditor_reads_the_account_changes(demo, login, username):
    client = login(username)
    assert client.get(reverse("personnel:account_events")).status_code == 403
    assert client.get(reverse("personnel:account_events_pdf")).status_code == 403


def test_the_auditor_filters_by_actor_target_and_period_and_exports(demo, login, tmp_path):
    roles_set(actor=user("secadmin"), user=user("emp_cs"), roles=["employee", "archivist"])
    client = login("secauditor")
    today = timezone.localdate().isoformat()
    query = {"actor": "secadmin", "target": "emp_cs", "date_from": today, "date_to": today}
    page = client.get(reverse("personnel:account_events"), query)
    rows = [event for event, _detail in page.context["rows"]]
    assert [(e.actor_name, e.target_name, e.action) for e in rows] == [
        ("secadmin", "emp_cs", Action.ROLE_GRANTED)
    ]
    assert "档案管理员" in page.content.decode()  # the role as people name it
    earlier = {**query, "date_to": "2020-01-01"}
    assert list(client.get(reverse("personnel:account_events"), earlier).context["rows"]) == []
    pdf = client.get(reverse("personnel:account_events_pdf"), query)
    assert pdf["Content-Type"] == "application/pdf"
    path = tmp_path / "events.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "账号与角色变更记录" in text and "emp_cs" in text and "档案管理员" in text


# --- The admin: settings only, and every change there recorded ------------------------------


def test_the_system_administrator_cannot_give_roles_or_superuser_in_the_admin(demo, login):
    client = login("sysadmin")
    account = user("emp_cs")
    page = client.get(f"/admin/auth/user/{account.pk}/change/").content.decode()
    assert 'name="groups"' not in page and 'name="is_superuser"' not in page
    assert 'name="user_permissions"' not in page
    client.post(
        f"/admin/auth/user/{account.pk}/change/",
        {
            "username": "emp_cs",
            "is_active": "on",
            "groups": [Group.objects.get(name="hr").pk],
            "is_superuser": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    account.refresh_from_db()
    assert not account.is_superuser and not account.groups.filter(name="hr").exists()
    assert client.get("/admin/auth/group/").status_code == 404


def test_reading_an_account_in_the_admin_writes_the_access_log(demo, login):
    from audit.models import AccessLog

    account = user("emp_cs")
    assert login("sysadmin").get(f"/admin/auth/user/{account.pk}/change/").status_code == 200
    log = AccessLog.objects.filter(action=AccessLog.Action.VIEW, target_id=str(account.pk))
    assert log.filter(username="sysadmin", target_type="auth.user").count() == 1


def test_a_deactivation_in_the_admin_is_recorded_with_its_actor(demo, login):
    client = login("sysadmin")
    account = user("emp_cs")
    response = client.post(
        f"/admin/auth/user/{account.pk}/change/",
        {
            "username": "emp_cs",
            "first_name": "",
            "last_name": "",
            "email": "",
        },
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert not account.is_active
    assert AccountEvent.objects.filter(
        target=account, action=Action.DEACTIVATED, actor_name="sysadmin"
    ).exists()
    assert AccountEvent.objects.filter(
        action=Action.SETTINGS_CHANGED, actor_name="sysadmin"
    ).exists()


# --- The administrators see no classified content (C10) -------------------------------------


@pytest.fixture
def secrets_on_file(demo):
    """Classified titles, incident and violation facts, a dossier line: what no administrator
    may read anywhere."""
    import datetime

    from archives.demo import seed_archives_demo
    from archives.models import ArchiveItem
    from clearance.services import incidents, violations
    from core.classification import Level
    from personnel.models import DossierEntry, Employee
    from personnel.services.people import dossier_entry_add

    seed_archives_demo()
    incidents.incident_report(
        actor=user("emp_cs"),
        title="泄密线索甲",
        description="细节乙乙乙",
        discovered_at=timezone.now(),
    )
    violations.violation_record(
        actor=user("security"),
        kind="unauthorised_copying",
        employee=Employee.objects.get(employee_no="C0002"),
        occurred_on=timezone.localdate() - datetime.timedelta(days=1),
        facts="违规事实丙丙丙",
    )
    dossier_entry_add(
        actor=user("hr"),
        employee=Employee.objects.get(employee_no="R0002"),
        kind=DossierEntry.Kind.OTHER,
        occurred_on=timezone.localdate(),
        title="档案标题戊戊",
        detail="档案内容丁丁丁",
    )
    titles = list(ArchiveItem.objects.exclude(level=Level.INTERNAL).values_list("title", flat=True))
    assert titles
    return [*titles, "泄密线索甲", "细节乙乙乙", "违规事实丙丙丙", "档案标题戊戊", "档案内容丁丁丁"]


def parameterless_pages():
    from django.urls import get_resolver

    from tests.security.test_crawl import walk

    return [
        "/" + route
        for route in walk(get_resolver().url_patterns)
        if "<" not in route and "^" not in route and "logout" not in route
    ]


@pytest.mark.parametrize("username", ["sysadmin", "secadmin", "secauditor"])
def test_no_administrator_page_shows_classified_content(secrets_on_file, login, username):
    client = login(username)
    admin_pages = [
        "/admin/",
        "/admin/auth/user/",
        "/admin/personnel/department/",
        "/admin/personnel/position/",
    ]
    for path in [*parameterless_pages(), *admin_pages]:
        html = client.get(path).content.decode(errors="replace")
        leaked = [secret for secret in secrets_on_file if secret in html]
        assert not leaked, f"{username} reads {leaked} on {path}"
