import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import LazyObject, empty

from . import two_factor
from .services import account_facts
from .signals import LOGIN_AT

TWO_FACTOR_EXEMPT = {"login", "logout", "set_language", "otp_needed", "otp_enrol", "otp_verify"}
PASSWORD_EXEMPT = TWO_FACTOR_EXEMPT | {"password_change", "password_change_done"}


class AccountPolicyMiddleware:
    """Absolute session lifetime; the second factor where the account needs it (not yet
    enrolled: the page that says to ask for an enrolment link); an expired password sends
    the user to change it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = user = _unwrapped(request.user)
        if user.is_authenticated and not request.path.startswith(settings.STATIC_URL):
            started = request.session.get(LOGIN_AT, 0)
            if time.time() - started > settings.SESSION_ABSOLUTE_HOURS * 3600:
                logout(request)
                return redirect(f"{reverse('login')}?next={request.path}")
            name = _url_name(request)
            facts = account_facts(request.session, user)
            if name not in TWO_FACTOR_EXEMPT and not user.is_verified():
                if facts["second_factor"]:
                    enrolled = two_factor.enrolled(user)
                    return redirect("accounts:otp_verify" if enrolled else "accounts:otp_needed")
            if name not in PASSWORD_EXEMPT and facts["password_expired"]:
                return redirect("password_change")
        return self.get_response(request)


def _unwrapped(user):
    """The user behind the lazy wrappers of auth's and django-otp's middleware, read here on
    every request anyway: a page reads request.user a few hundred times (templates, rights),
    each time through LazyObject's attribute lookup."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


def _url_name(request) -> str | None:
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None
