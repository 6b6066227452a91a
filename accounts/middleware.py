import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from .services import password_expired
from .signals import LOGIN_AT


class AccountPolicyMiddleware:
    """Absolute session lifetime, and an expired password sends the user to change it."""

    EXEMPT = ("password_change", "password_change_done", "logout", "login", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            started = request.session.get(LOGIN_AT, 0)
            if time.time() - started > settings.SESSION_ABSOLUTE_HOURS * 3600:
                logout(request)
                return redirect(f"{reverse('login')}?next={request.path}")
            if not self._exempt(request) and password_expired(user):
                return redirect("password_change")
        return self.get_response(request)

    def _exempt(self, request) -> bool:
        if request.path.startswith(settings.STATIC_URL):
            return True
        try:
            return resolve(request.path_info).url_name in self.EXEMPT
        except Resolver404:
            return False
