"""The Django admin is for settings work only (issue 14, item 2): it shows no model holding
classified content, workflow decisions, the access log, history or second-factor devices,
so nothing there can read a 绝密 title, forge a decision or read a TOTP secret."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db

# What the admin keeps: the organisation's shape, accounts, schedules, lockouts.
SETTINGS_MODELS = {
    "personnel.department",
    "personnel.position",
    "auth.user",
    "django_celery_beat.periodictask",
    "django_celery_beat.crontabschedule",
}
NEVER = {
    "archives",
    "clearance",
    "approvals",
    "audit",
    "onboarding",
    "offboarding",
    "training",
    "otp_totp",
    "otp_static",
}


@pytest.fixture
def admin_client(client, demo):
    client.force_login(get_user_model().objects.get(username="sysadmin"))
    return client


def registered() -> set[str]:
    return {model._meta.label_lower for model in admin.site._registry}


def test_no_workflow_classified_or_audit_model_is_in_the_admin():
    assert {label.split(".")[0] for label in registered()}.isdisjoint(NEVER)
    assert not {"personnel.employee", "personnel.agreement", "personnel.dossierentry"} & (
        registered()
    )
    assert SETTINGS_MODELS <= registered()


@pytest.mark.parametrize(
    "name",
    [
        "admin:archives_archiveitem_changelist",
        "admin:approvals_decision_add",
        "admin:otp_totp_totpdevice_changelist",
        "admin:audit_accesslog_changelist",
        "admin:clearance_incident_changelist",
    ],
)
def test_their_admin_pages_do_not_exist(name):
    with pytest.raises(NoReverseMatch):
        reverse(name)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/archives/archiveitem/",
        "/admin/approvals/decision/add/",
        "/admin/otp_totp/totpdevice/",
        "/admin/audit/accesslog/",
        "/admin/personnel/employee/",
    ],
)
def test_the_system_administrator_reaches_none_of_them(admin_client, path):
    assert admin_client.get(path).status_code == 404


def test_the_index_shows_the_settings_and_no_history_views(admin_client):
    from simple_history.admin import SimpleHistoryAdmin

    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "/admin/personnel/department/" in html
    assert "/admin/archives/" not in html
    assert not any(isinstance(a, SimpleHistoryAdmin) for a in admin.site._registry.values())
