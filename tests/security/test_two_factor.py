"""Item 4: two-factor login for the roles that see or approve the most."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

ROLES = ["security_officer", "hr_head", "gm", "sysadmin", "secadmin", "secauditor"]


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.TWO_FACTOR_ROLES = ROLES


def signed_in(username):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": "Demo-2026"})
    assert response.status_code == 302
    return client


def current_code(device) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def enrol(client, username):
    page = client.get(reverse("accounts:otp_enrol"))
    assert "<svg" in page.content.decode()  # the QR code, drawn by the server
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    done = client.post(reverse("accounts:otp_enrol"), {"token": current_code(device)})
    return device, done.context["codes"]


@pytest.mark.parametrize(
    "username", ["gm", "hr_head", "security", "sysadmin", "secadmin", "secauditor"]
)
def test_these_roles_cannot_work_without_a_second_factor(demo, username):
    client = signed_in(username)
    response = client.get(reverse("personnel:employee_list"))
    assert response.status_code == 302 and response.url == reverse("accounts:otp_enrol")


@pytest.mark.parametrize("username", ["hr", "head_rd", "emp_cs", "auditor"])
def test_other_roles_sign_in_with_a_password(demo, username):
    assert signed_in(username).get(reverse("personnel:employee_list")).status_code == 200


def test_enrolment_then_a_code_at_every_login(demo):
    client = signed_in("gm")
    device, codes = enrol(client, "gm")
    assert len(codes) == 10
    assert client.get(reverse("personnel:employee_list")).status_code == 200
    start = timezone.now()
    with time_machine.travel(start + datetime.timedelta(seconds=60)):
        later = signed_in("gm")
        assert later.get(reverse("dashboard")).url == reverse("accounts:otp_verify")
        assert later.post(reverse("accounts:otp_verify"), {"token": "000000"}).status_code == 200
        assert later.get(reverse("dashboard")).status_code == 302
    with time_machine.travel(start + datetime.timedelta(seconds=120)):  # after the throttle
        device.refresh_from_db()
        later.post(reverse("accounts:otp_verify"), {"token": current_code(device)})
        assert later.get(reverse("dashboard")).status_code == 200


def test_a_code_cannot_be_replayed(demo):
    client = signed_in("gm")
    device, _codes = enrol(client, "gm")
    replay = signed_in("gm")
    device.refresh_from_db()
    replay.post(reverse("accounts:otp_verify"), {"token": current_code(device)})
    assert replay.get(reverse("dashboard")).status_code == 302  # used at enrolment already


def test_a_recovery_code_works_once(demo):
    _device, codes = enrol(signed_in("security"), "security")
    first = signed_in("security")
    first.post(reverse("accounts:otp_verify"), {"token": codes[0]})
    assert first.get(reverse("dashboard")).status_code == 200
    again = signed_in("security")
    again.post(reverse("accounts:otp_verify"), {"token": codes[0]})
    assert again.get(reverse("dashboard")).status_code == 302


def test_a_wrong_first_code_does_not_enrol(demo):
    client = signed_in("hr_head")
    client.get(reverse("accounts:otp_enrol"))
    client.post(reverse("accounts:otp_enrol"), {"token": "123456"})
    assert not TOTPDevice.objects.filter(user__username="hr_head", confirmed=True).exists()
    assert client.get(reverse("dashboard")).status_code == 302


def test_the_password_cannot_be_changed_before_the_second_factor(demo):
    client = signed_in("gm")
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and response.url == reverse("accounts:otp_enrol")


def test_verify_does_not_redirect_off_site(demo):
    client = signed_in("security")
    _device, codes = enrol(client, "security")
    again = signed_in("security")
    response = again.post(reverse("accounts:otp_verify"),
                          {"token": codes[1], "next": "https://evil.example/"})  # fmt: skip
    assert response.url == "/"
