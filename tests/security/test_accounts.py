"""Items 1–3 of the security baseline: passwords, brute force, sessions — as an attacker."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccountEvent
from audit.models import AccessLog
from personnel.models import Employee
from personnel.services.accounts import login_deactivate

pytestmark = pytest.mark.django_db
User = get_user_model()


def user(name):
    return User.objects.get(username=name)


def signed_in():
    client = Client()
    response = client.post(reverse("login"), {"username": "emp_cs", "password": "Demo-2026"})
    assert response.status_code == 302
    return client


# --- 1. Password policy (C8) ------------------------------------------------------------


@pytest.mark.parametrize(
    "password, message",
    [
        ("Ab1", "至少"),
        ("abcdefghij", "字母和数字"),
        ("1234567890", "字母和数字"),
        ("password1", "太常见"),
        ("emp_cs2026", "相似"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(demo, password, message):
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        validate_password(password, user=user("emp_cs"))
    assert any(message in text for text in error.value.messages), error.value.messages


def test_a_long_passphrase_is_accepted_untruncated(demo):
    phrase = "保密工作无小事 the quick brown fox jumps 42 times over the lazy dog, twice!" * 2
    assert len(phrase) > 64
    account = user("emp_cs")
    validate_password(phrase, user=account)
    account.set_password(phrase)
    account.save()
    assert account.check_password(phrase)
    assert not account.check_password(phrase[:-1] + "?")  # every character counts


def test_the_last_five_passwords_cannot_come_back(demo):
    account = user("emp_cs")
    for n in range(1, 7):
        account.set_password(f"Secret-{n}-pass")
        account.save()
    for n in (2, 3, 4, 5, 6):
        with pytest.raises(ValidationError):
            validate_password(f"Secret-{n}-pass", user=account)
    validate_password("Secret-1-pass", user=account)  # the sixth-last may return


def test_an_expired_password_sends_the_user_to_change_it_at_the_next_login(demo):
    with time_machine.travel(timezone.now() + datetime.timedelta(days=91)):
        client = signed_in()
        response = client.get(reverse("personnel:employee_list"))
        assert response.status_code == 302 and response.url == reverse("password_change")
        assert client.get(reverse("password_change")).status_code == 200


def test_changing_the_password_clears_the_expiry(demo):
    client = signed_in()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "Demo-2026",
            "new_password1": "Fresh-2027-pass",
            "new_password2": "Fresh-2027-pass",
        },
    )
    assert response.status_code == 302
    with time_machine.travel(timezone.now() + datetime.timedelta(days=60)):
        assert client.get(reverse("personnel:employee_list")).status_code in (200, 302)


# --- 2. Brute force: the address locks first, the account only later ----------------------


def attempt(password, forwarded_for=None, username="emp_cs", address="127.0.0.1"):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    client = Client(REMOTE_ADDR=address)
    return client.post(reverse("login"), {"username": username, "password": password}, **headers)


def refused(response) -> bool:
    return not response.wsgi_request.user.is_authenticated and (
        response.status_code == 429 or "锁定" in response.content.decode()
    )


def test_five_failures_lock_the_address_even_with_the_right_password(demo):
    for _ in range(5):
        attempt("wrong-1")
    assert refused(attempt("Demo-2026"))
    assert refused(attempt("Demo-2026", username="hr"))  # whichever account it tries
    assert AccessLog.objects.filter(action=AccessLog.Action.LOCKOUT, username="emp_cs").exists()


def test_an_outsider_guessing_at_security_does_not_lock_the_security_office(demo):
    for _ in range(30):  # refused once locked, and not counted against the account
        attempt("guess", username="security", address="203.0.113.9")
    assert refused(attempt("Demo-2026", username="security", address="203.0.113.9"))
    response = attempt("Demo-2026", username="security", address="10.1.2.3")
    assert response.status_code == 302 and response.wsgi_request.user.is_authenticated


def test_twenty_failures_across_addresses_lock_the_account(demo):
    for n in range(5):
        for _ in range(4):  # never five from one address
            attempt("guess", username="security", address=f"198.51.100.{n}")
    assert refused(attempt("Demo-2026", username="security", address="10.1.2.3"))
    assert attempt("Demo-2026", username="hr", address="10.1.2.3").status_code == 302


def test_nineteen_failures_across_addresses_do_not(demo):
    for n in range(19):
        attempt("guess", username="security", address=f"198.51.100.{n}")
    assert attempt("Demo-2026", username="security", address="10.1.2.3").status_code == 302


def test_a_login_from_the_address_does_not_clear_its_failures_at_other_accounts(demo):
    for _ in range(4):
        attempt("guess", username="security")
    assert attempt("Demo-2026", username="emp_cs").status_code == 302  # an insider's own login
    attempt("guess", username="security")
    assert refused(attempt("Demo-2026", username="emp_cs"))


def test_a_spoofed_forwarded_for_header_neither_resets_nor_evades(demo):
    for n in range(5):
        attempt("wrong-1", forwarded_for=f"10.0.0.{n}")
    assert refused(attempt("Demo-2026", forwarded_for="192.168.1.77"))


def test_behind_our_proxy_the_address_it_appended_is_locked_not_the_proxy(demo, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    proxy = "10.9.9.9"
    for n in range(5):  # whatever the client itself puts first in the header
        attempt("wrong-1", forwarded_for=f"10.0.0.{n}, 203.0.113.9", address=proxy)
    assert refused(attempt("Demo-2026", forwarded_for="203.0.113.9", address=proxy))
    other = attempt("Demo-2026", username="hr", forwarded_for="198.51.100.7", address=proxy)
    assert other.status_code == 302


def test_the_lock_ends_by_itself_after_fifteen_minutes(demo):
    for _ in range(5):
        attempt("wrong-1")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        response = attempt("Demo-2026")
        assert response.status_code == 302 and response.url == "/"


def test_the_security_administrator_unlocks_an_address_and_it_is_recorded(demo, login):
    for _ in range(5):
        attempt("wrong-1", address="203.0.113.9")
    secadmin = login("secadmin")
    page = secadmin.get(reverse("accounts:lock_list")).content.decode()
    assert "203.0.113.9" in page
    secadmin.post(reverse("accounts:unlock"), {"ip_address": "203.0.113.9"})
    assert attempt("Demo-2026", address="203.0.113.9").status_code == 302
    log = AccessLog.objects.get(action=AccessLog.Action.UNLOCK)
    assert (log.username, log.target_type, log.target_repr) == (
        "secadmin",
        "address",
        "203.0.113.9",
    )
    event = AccountEvent.objects.get(action=AccountEvent.Action.UNLOCKED)
    assert (event.actor_name, event.target, event.detail) == ("secadmin", None, "ip=203.0.113.9")


def test_the_security_administrator_unlocks_an_account_and_it_is_recorded(demo, login):
    for n in range(20):
        attempt("guess", username="security", address=f"198.51.100.{n}")
    secadmin = login("secadmin")
    page = secadmin.get(reverse("accounts:lock_list"))
    assert [lock.key for lock in page.context["accounts"]] == ["security"]
    assert page.context["addresses"] == []
    secadmin.post(reverse("accounts:unlock"), {"username": "security"})
    assert attempt("Demo-2026", username="security").status_code == 302
    log = AccessLog.objects.get(action=AccessLog.Action.UNLOCK)
    assert (log.username, log.target_type, log.target_repr) == ("secadmin", "account", "security")
    event = AccountEvent.objects.get(action=AccountEvent.Action.UNLOCKED)
    assert (event.actor_name, event.target) == ("secadmin", user("security"))


def test_an_unlock_names_an_address_or_an_account(demo, login):
    secadmin = login("secadmin")
    for data in ({}, {"ip_address": "not-an-address"}, {"ip_address": "1.2.3.4", "username": "x"}):
        response = secadmin.post(reverse("accounts:unlock"), data, follow=True)
        assert response.status_code == 200
    assert not AccountEvent.objects.filter(action=AccountEvent.Action.UNLOCKED).exists()


@pytest.mark.parametrize("username", ["emp_cs", "head_rd", "auditor", "hr", "sysadmin"])
def test_only_the_security_administrator_unlocks(demo, login, username):
    client = login(username)
    assert client.get(reverse("accounts:lock_list")).status_code == 403
    assert client.post(reverse("accounts:unlock"), {"username": "x"}).status_code == 403


# --- 3. Sessions -----------------------------------------------------------------------------


def is_signed_in(client) -> bool:
    return client.get(reverse("dashboard")).status_code == 200


def test_the_session_key_changes_at_login(demo):
    client = Client()
    client.get(reverse("login"))
    before = client.cookies.get("sessionid")
    client.post(reverse("login"), {"username": "emp_cs", "password": "Demo-2026"})
    assert client.cookies["sessionid"].value != (before.value if before else None)


def test_idle_sessions_expire_after_thirty_minutes(demo, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = signed_in()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=31)):
        assert not is_signed_in(client)


def test_an_active_session_still_ends_after_twelve_hours(demo):
    client = signed_in()
    start = timezone.now()
    for minutes in range(20, 12 * 60, 20):  # active every 20 minutes
        with time_machine.travel(start + datetime.timedelta(minutes=minutes)):
            assert is_signed_in(client)
    with time_machine.travel(start + datetime.timedelta(hours=12, minutes=10)):
        assert not is_signed_in(client)


def test_the_session_is_written_at_most_once_a_minute(demo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in()
    start = timezone.now()

    def session_writes(seconds):
        with time_machine.travel(start + datetime.timedelta(seconds=seconds)):
            with CaptureQueriesContext(connection) as queries:
                assert is_signed_in(client)
        return sum('UPDATE "django_session"' in q["sql"] for q in queries.captured_queries)

    assert session_writes(61) == 1  # the first page after a minute keeps it alive
    assert [session_writes(s) for s in (70, 90, 110)] == [0, 0, 0]
    assert session_writes(125) == 1


def test_logging_out_ends_every_session_of_the_user(demo):
    laptop, phone = signed_in(), signed_in()
    stolen_cookie = phone.cookies["sessionid"].value
    laptop.post(reverse("logout"))
    assert not is_signed_in(phone)
    replay = Client()
    replay.cookies["sessionid"] = stolen_cookie
    assert not is_signed_in(replay)


def test_deactivation_ends_every_session(demo):
    client = signed_in()
    login_deactivate(actor=user("hr"), employee=Employee.objects.get(employee_no="C0002"))
    assert not is_signed_in(client)


def test_a_password_change_ends_the_other_sessions(demo):
    laptop, phone = signed_in(), signed_in()
    laptop.post(
        reverse("password_change"),
        {
            "old_password": "Demo-2026",
            "new_password1": "Fresh-2027-pass",
            "new_password2": "Fresh-2027-pass",
        },
    )
    assert is_signed_in(laptop) and not is_signed_in(phone)
