import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from . import two_factor
from .services import password_expired
from .signals import LOGIN_AT

TWO_FACTOR_EXEMPT = {"login", "logout", "set_language", "otp_needed", "otp_enrol", "otp_verify"}
PASSWORD_EXEMPT = TWO_FACTOR_EXEMPT | {"password_change", "password_change_done"}


ACCOUNT_FACTS = "baomi_account_facts"  # session key


class AccountPolicyMiddleware:
    """Absolute session lifetime; the second factor where the account needs it (not yet
    enrolled: the page that says to ask for an enrolment link); an expired password sends
    the user to change it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not request.path.startswith(settings.STATIC_URL):
            started = request.session.get(LOGIN_AT, 0)
            if time.time() - started > settings.SESSION_ABSOLUTE_HOURS * 3600:
                logout(request)
                return redirect(f"{reverse('login')}?next={request.path}")
            name = _url_name(request)
            facts = _account_facts(request, user)
            if name not in TWO_FACTOR_EXEMPT and not user.is_verified():
                if facts["second_factor"]:
                    enrolled = two_factor.enrolled(user)
                    return redirect("accounts:otp_verify" if enrolled else "accounts:otp_needed")
            if name not in PASSWORD_EXEMPT and facts["password_expired"]:
                return redirect("password_change")
        return self.get_response(request)


def _account_facts(request, user) -> dict:
    """What the policy needs to know of the account, read at most once a
    SESSION_TOUCH_SECONDS per session rather than on every page (an expired password is read
    again each time, so a new one counts at once). Storing them also keeps an idle session
    alive: the session row is written at most once a minute, not on every request."""
    facts = request.session.get(ACCOUNT_FACTS)
    now = time.time()
    if (facts is None or facts["password_expired"]
            or now - facts["read_at"] >= settings.SESSION_TOUCH_SECONDS):  # fmt: skip
        facts = {"read_at": now, "second_factor": two_factor.required_for(user),
                 "password_expired": password_expired(user)}  # fmt: skip
        request.session[ACCOUNT_FACTS] = facts
    return facts


def _url_name(request) -> str | None:
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None
