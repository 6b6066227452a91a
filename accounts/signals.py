from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.utils import timezone

from audit.models import AccessLog
from audit.services import access_record

from . import services
from .models import UserSession

LOGIN_AT = "baomi_login_at"


@receiver(user_logged_in, dispatch_uid="accounts.track_session")
def track_session(sender, request, user, **kwargs):
    request.session[LOGIN_AT] = timezone.now().timestamp()
    request.session.save()  # the key exists now (it was rotated by login)
    UserSession.objects.get_or_create(
        session_key=request.session.session_key, defaults={"user": user}
    )


@receiver(user_logged_out, dispatch_uid="accounts.end_sessions")
def end_sessions(sender, request, user, **kwargs):
    if user is not None:
        services.sessions_end(user=user)


@receiver(user_locked_out, dispatch_uid="accounts.log_lockout")
def log_lockout(sender, request, username, ip_address, **kwargs):
    access_record(
        user=None,
        username=username or "?",
        action=AccessLog.Action.LOCKOUT,
        target_type="account",
        target_repr=username or "",
        request=request,
    )
