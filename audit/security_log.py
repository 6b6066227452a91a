"""Security events in the access log: failed logins and refused requests (C5)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import AccessLog
from .services import access_record


def login_failed(sender, credentials, request=None, **kwargs):
    access_record(
        user=None,
        username=str(credentials.get("username", ""))[:150] or "?",
        action=AccessLog.Action.LOGIN_FAILED,
        target_type="login",
        target_repr=str(credentials.get("username", ""))[:255],
        request=request,
    )


class RefusalLogMiddleware:
    """Logs every 403 and 404 a signed-in user meets: probing for hidden records shows up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied | Http404) and request.user.is_authenticated:
            access_record(
                user=request.user,
                action=AccessLog.Action.REFUSED,
                target_type="403" if isinstance(exception, PermissionDenied) else "404",
                target_repr=request.path[:255],
                request=request,
            )
        return None
