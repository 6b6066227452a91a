"""Second factor (issue 14, item 5): who needs one, and enrolment only with a one-time link
from the security administrator, never with the password alone."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import AccountEvent, EnrolmentLink
from clearance.services import grants as clearance_services
from core.errors import DomainError
from personnel.models import Employee

pytestmark = pytest.mark.django_db
User = get_user_model()
Action = AccountEvent.Action

NEED = ["gm", "hr_head", "security", "vp", "auditor", "sysadmin", "secadmin", "secauditor"]


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.TWO_FACTOR_ROLES = [
        "sysadmin",
        "secadmin",
        "secauditor",
        "security_officer",
        "auditor",
        "confidentiality_committee",
        "hr_head",
        "gm",
    ]
    settings.TWO_FACTOR_TOP_SECRET = True


def user(name):
    return User.objects.get(username=name)


def signed_in(username, address="127.0.0.1"):
    client = Client(REMOTE_ADDR=address)
    response = client.post(reverse("login"), {"username": username, "password": "Demo-2026"})
    assert response.status_code == 302
    return client


def current_code(device) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def link_url(token) -> str:
    return reverse("accounts:otp_enrol", args=[token])


def enrol(client, username, token):
    page = client.get(link_url(token))
    assert "<svg" in page.content.decode()  # the QR code, drawn by the server
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    done = client.post(link_url(token), {"token": current_code(device)})
    return device, done.context["codes"]


def enrolled_client(username):
    """A signed-in, second-factor-verified client (the link given at the server console)."""
    client = signed_in(username)
    token = two_factor.enrolment_link_issue_at_console(user=user(username))
    enrol(client, username, token)
    return client


def issue(username, actor="secadmin"):
    return two_factor.enrolment_link_issue(actor=user(actor), user=user(username))


def lands_on(client, name="personnel:employee_list"):
    response = client.get(reverse(name))
    return response.url if response.status_code == 302 else response.status_code


def grant_top_secret(no="R0002"):
    today = timezone.localdate()
    clearance = clearance_services.clearance_request(
        actor=user("head_rd"),
        employee=Employee.objects.get(employee_no=no),
        level="top_secret",
        reason="项目需要",
        valid_from=today,
        valid_until=None,
        temporary=False,
    )
    clearance_services.clearance_decide(
        actor=user("security"), clearance=clearance, outcome="approve"
    )


# --- Who needs a second factor -----------------------------------------------------------


@pytest.mark.parametrize("username", NEED)
def test_these_accounts_are_sent_to_ask_for_a_link_and_cannot_enrol_alone(demo, username):
    client = signed_in(username)
    assert lands_on(client) == reverse("accounts:otp_needed")
    page = client.get(reverse("accounts:otp_needed"))
    assert page.status_code == 200 and "安全保密管理员" in page.content.decode()
    assert client.get(link_url("guessed-token")).status_code == 404
    old_way = client.get("/security/otp/enrol/", follow=True)  # enrolment without a link
    assert "<svg" not in old_way.content.decode()
    assert lands_on(client, "dashboard") == reverse("accounts:otp_needed")
    assert not TOTPDevice.objects.filter(user__username=username).exists()


@pytest.mark.parametrize("username", ["hr", "head_rd", "emp_cs", "emp_rd", "archivist"])
def test_other_accounts_sign_in_with_a_password(demo, username):
    assert lands_on(signed_in(username)) == 200


def test_a_top_secret_clearance_needs_a_second_factor(demo, settings):
    grant_top_secret()  # 黄磊 (emp_rd), core tier: no role needs one
    assert lands_on(signed_in("emp_rd")) == reverse("accounts:otp_needed")
    assert user("emp_rd").pk in two_factor.accounts_needing().values_list("pk", flat=True)
    settings.TWO_FACTOR_TOP_SECRET = False
    assert lands_on(signed_in("emp_rd")) == 200
    assert user("emp_rd").pk not in two_factor.accounts_needing().values_list("pk", flat=True)


def test_a_lower_clearance_needs_none(demo):
    today = timezone.localdate()
    clearance = clearance_services.clearance_request(
        actor=user("head_rd"),
        employee=Employee.objects.get(employee_no="R0002"),
        level="secret",
        reason="项目需要",
        valid_from=today,
        valid_until=None,
        temporary=False,
    )
    clearance_services.clearance_decide(
        actor=user("security"), clearance=clearance, outcome="approve"
    )
    assert lands_on(signed_in("emp_rd")) == 200


# --- Enrolment with a link ---------------------------------------------------------------


def test_enrolment_with_a_link_then_a_code_at_every_login(demo):
    token = issue("gm")
    client = signed_in("gm")
    device, codes = enrol(client, "gm", token)
    assert len(codes) == 10
    assert lands_on(client) == 200
    events = AccountEvent.objects.filter(target=user("gm")).order_by("-id")
    assert [(e.action, e.actor_name) for e in events[:2]] == [
        (Action.SECOND_FACTOR_ENROLLED, "gm"),
        (Action.ENROLMENT_LINK, "secadmin"),
    ]
    start = timezone.now()
    with time_machine.travel(start + datetime.timedelta(seconds=60)):
        later = signed_in("gm")
        assert lands_on(later, "dashboard") == reverse("accounts:otp_verify")
        assert later.post(reverse("accounts:otp_verify"), {"token": "000000"}).status_code == 200
        assert later.get(reverse("dashboard")).status_code == 302
    with time_machine.travel(start + datetime.timedelta(seconds=120)):  # after the throttle
        device.refresh_from_db()
        later.post(reverse("accounts:otp_verify"), {"token": current_code(device)})
        assert later.get(reverse("dashboard")).status_code == 200


def test_the_link_is_opened_after_signing_in(demo):
    token = issue("gm")
    client = Client()
    response = client.get(link_url(token))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.post(response.url, {"username": "gm", "password": "Demo-2026"})
    enrol(client, "gm", token)
    assert lands_on(client) == 200


def test_only_a_hash_of_the_link_is_kept(demo):
    token = issue("gm")
    stored = EnrolmentLink.objects.get(user=user("gm"))
    assert token not in stored.token_hash and len(stored.token_hash) == 64


def test_an_expired_link_does_not_enrol(demo):
    token = issue("gm")
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=72, minutes=1)):
        client = signed_in("gm")
        assert client.get(link_url(token)).status_code == 404
        assert client.post(link_url(token), {"token": "123456"}).status_code == 404
        assert lands_on(client) == reverse("accounts:otp_needed")
    assert not TOTPDevice.objects.filter(user=user("gm")).exists()


def test_another_accounts_link_does_not_enrol(demo):
    token = issue("gm")
    thief = signed_in("security")  # knows his own password and gm's link
    assert thief.get(link_url(token)).status_code == 404
    assert thief.post(link_url(token), {"token": "123456"}).status_code == 404
    assert not TOTPDevice.objects.filter(user__username__in=["gm", "security"]).exists()
    assert lands_on(thief) == reverse("accounts:otp_needed")


def test_a_link_works_once(demo):
    token = issue("gm")
    device, _codes = enrol(signed_in("gm"), "gm", token)
    second = signed_in("gm")  # someone else with the password and the same link
    assert second.get(link_url(token)).url == reverse("accounts:otp_verify")
    assert TOTPDevice.objects.filter(user=user("gm")).count() == 1
    TOTPDevice.objects.filter(user=user("gm")).delete()  # even with the authenticator gone
    with pytest.raises(DomainError):
        two_factor.enrol_confirm(user=user("gm"), token=token, code=current_code(device))
    assert second.get(link_url(token)).status_code == 404


def test_a_new_link_voids_the_old_one(demo):
    old, new = issue("gm"), issue("gm")
    client = signed_in("gm")
    assert client.get(link_url(old)).status_code == 404
    enrol(client, "gm", new)
    assert lands_on(client) == 200


def test_a_wrong_first_code_does_not_enrol_nor_use_the_link(demo):
    token = issue("hr_head")
    client = signed_in("hr_head")
    client.get(link_url(token))
    client.post(link_url(token), {"token": "123456"})
    assert not TOTPDevice.objects.filter(user__username="hr_head", confirmed=True).exists()
    assert lands_on(client, "dashboard") == reverse("accounts:otp_needed")
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):  # the throttle
        enrol(client, "hr_head", token)  # the link still works
        assert lands_on(client) == 200


def test_a_code_cannot_be_replayed(demo):
    device, _codes = enrol(signed_in("gm"), "gm", issue("gm"))
    replay = signed_in("gm")
    device.refresh_from_db()
    replay.post(reverse("accounts:otp_verify"), {"token": current_code(device)})
    assert replay.get(reverse("dashboard")).status_code == 302  # used at enrolment already


def test_a_recovery_code_works_once(demo):
    _device, codes = enrol(signed_in("security"), "security", issue("security"))
    first = signed_in("security")
    first.post(reverse("accounts:otp_verify"), {"token": codes[0]})
    assert first.get(reverse("dashboard")).status_code == 200
    again = signed_in("security")
    again.post(reverse("accounts:otp_verify"), {"token": codes[0]})
    assert again.get(reverse("dashboard")).status_code == 302


def test_the_password_cannot_be_changed_before_the_second_factor(demo):
    assert lands_on(signed_in("gm"), "password_change") == reverse("accounts:otp_needed")


def test_verify_does_not_redirect_off_site(demo):
    _device, codes = enrol(signed_in("security"), "security", issue("security"))
    again = signed_in("security")
    response = again.post(
        reverse("accounts:otp_verify"), {"token": codes[1], "next": "https://evil.example/"}
    )
    assert response.url == "/"


# --- Reset ---------------------------------------------------------------------------------


def test_a_reset_needs_a_new_link(demo):
    token = issue("gm")
    working = signed_in("gm")
    enrol(working, "gm", token)
    two_factor.second_factor_reset(actor=user("secadmin"), user=user("gm"))
    assert not TOTPDevice.objects.filter(user=user("gm")).exists()
    assert not StaticDevice.objects.filter(user=user("gm")).exists()
    assert lands_on(working) == reverse("accounts:otp_needed")  # verified by a removed device
    client = signed_in("gm")
    assert lands_on(client) == reverse("accounts:otp_needed")
    assert client.get(link_url(token)).status_code == 404
    event = AccountEvent.objects.filter(target=user("gm")).order_by("-id").first()
    assert (event.action, event.actor_name) == (Action.SECOND_FACTOR_RESET, "secadmin")
    enrol(client, "gm", issue("gm"))
    assert lands_on(client) == 200


def test_a_reset_voids_an_unused_link(demo):
    token = issue("gm")
    two_factor.second_factor_reset(actor=user("secadmin"), user=user("gm"))
    assert signed_in("gm").get(link_url(token)).status_code == 404


def test_an_enrolled_account_gets_no_link_before_a_reset(demo):
    enrol(signed_in("gm"), "gm", issue("gm"))
    with pytest.raises(DomainError):
        issue("gm")


# --- Only the security administrator, never for their own account ------------------------


@pytest.mark.parametrize("actor", ["sysadmin", "secauditor", "security", "hr", "gm"])
def test_only_the_security_administrator_issues_links_and_resets(demo, actor):
    with pytest.raises(PermissionDenied):
        issue("vp", actor=actor)
    with pytest.raises(PermissionDenied):
        two_factor.second_factor_reset(actor=user(actor), user=user("vp"))
    client = Client()
    client.force_login(user(actor))
    if actor in NEED:  # to reach the pages at all, a verified session
        client = enrolled_client(actor)
    target = user("vp").pk
    assert client.get(reverse("accounts:second_factor_list")).status_code == 403
    link = client.post(reverse("accounts:enrolment_link_issue", args=[target]))
    assert link.status_code == 403
    reset = client.post(reverse("accounts:second_factor_reset", args=[target]))
    assert reset.status_code == 403
    assert not EnrolmentLink.objects.filter(user__username="vp").exists()


def test_the_security_administrator_never_acts_on_their_own_account(demo):
    with pytest.raises(DomainError):
        issue("secadmin")
    client = enrolled_client("secadmin")
    client.post(reverse("accounts:enrolment_link_issue", args=[user("secadmin").pk]))
    client.post(reverse("accounts:second_factor_reset", args=[user("secadmin").pk]))
    assert TOTPDevice.objects.filter(user=user("secadmin"), confirmed=True).exists()
    assert not EnrolmentLink.objects.filter(user=user("secadmin"), used_at=None).exists()


def test_the_security_administrators_page(demo, django_assert_max_num_queries):
    client = enrolled_client("secadmin")
    enrol(signed_in("gm"), "gm", issue("gm"))
    issue("security")
    with django_assert_max_num_queries(20):  # a fixed number, whatever the rows
        page = client.get(reverse("accounts:second_factor_list")).content.decode()
    for expected in ("gm", "陈建国", "security", "郑涛", "auditor", "sysadmin"):
        assert expected in page
    assert "emp_cs" not in page and "head_rd" not in page
    found = client.get(reverse("accounts:second_factor_list"), {"q": "陈建国"})
    assert [row[0].username for row in found.context["rows"]] == ["gm"]
    for state, names in [("enrolled", {"gm", "secadmin"}), ("link", {"security"})]:
        listed = client.get(reverse("accounts:second_factor_list"), {"state": state})
        assert {row[0].username for row in listed.context["rows"]} == names
    listed = client.get(reverse("accounts:second_factor_list"), {"state": "none"})
    assert {"vp", "auditor"} <= {row[0].username for row in listed.context["rows"]}
    assert not {"gm", "security"} & {row[0].username for row in listed.context["rows"]}


def test_the_security_administrator_issues_a_link_on_the_page(demo):
    client = enrolled_client("secadmin")
    response = client.post(reverse("accounts:enrolment_link_issue", args=[user("vp").pk]))
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    url = response.context["url"]
    assert url.startswith("http://testserver/security/otp/enrol/")
    vp = signed_in("vp")
    enrol(vp, "vp", url.rstrip("/").rsplit("/", 1)[1])
    assert lands_on(vp) == 200
    client.post(reverse("accounts:second_factor_reset", args=[user("vp").pk]))
    assert lands_on(signed_in("vp")) == reverse("accounts:otp_needed")


def test_an_account_that_needs_no_second_factor_is_not_on_the_page(demo):
    client = enrolled_client("secadmin")
    target = user("emp_cs").pk
    assert client.post(reverse("accounts:enrolment_link_issue", args=[target])).status_code == 404
    assert client.post(reverse("accounts:second_factor_reset", args=[target])).status_code == 404


# --- The first administrators: a link from the server console -------------------------------


def test_the_console_prints_a_link_for_the_first_administrators(demo, capsys):
    call_command("enrolment_link", "secadmin")
    out = capsys.readouterr().out
    path = next(word for word in out.split() if word.startswith("/security/otp/enrol/"))
    client = signed_in("secadmin")
    enrol(client, "secadmin", path.rstrip("/").rsplit("/", 1)[1])
    assert client.get(reverse("accounts:second_factor_list")).status_code == 200
    event = AccountEvent.objects.get(target=user("secadmin"), action=Action.ENROLMENT_LINK)
    assert event.actor_name == "system"
    assert settings.ENROLMENT_LINK_HOURS == 72
