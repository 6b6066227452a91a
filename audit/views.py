from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.access import require
from core.models import Notification
from core.notifications import notifications_read_all
from core.pages import paginate

from .changes import changes_filtered, changes_shown
from .heartbeats import heartbeat_age
from .models import BackupRun
from .selectors import access_log_filtered, readers_named, sees_hidden_readers


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_cache() -> None:
    cache.set("healthz", "ok", 5)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache did not return the value just written")


def _check_broker() -> None:
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


class Silent(Exception):
    """A process whose heartbeat is missing or too old: its message is always shown."""


def _check_heartbeat(component: str, limit: int) -> None:
    age = heartbeat_age(component)
    if age is None:
        raise Silent("never seen")
    if age > limit:
        raise Silent(f"silent for {int(age)} s")


@never_cache
def healthz(request):
    """JSON state of the database, cache, broker, and the worker and beat as seen through
    their heartbeats: 200 when all are up, 503 otherwise."""
    checks = {
        "database": _check_database,
        "cache": _check_cache,
        "broker": _check_broker,
        "worker": lambda: _check_heartbeat("worker", settings.WORKER_SILENT_SECONDS),
        "beat": lambda: _check_heartbeat("beat", settings.BEAT_SILENT_SECONDS),
    }
    state = {}
    for name, check in checks.items():
        try:
            check()
            state[name] = "ok"
        except Exception as error:  # any failure means "down", reported by name
            shown = isinstance(error, Silent) or settings.DEBUG
            state[name] = f"error: {error}" if shown else f"error: {type(error).__name__}"
    healthy = all(value == "ok" for value in state.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **state}, status=200 if healthy else 503
    )


@login_required
def access_log(request):
    """The access log for auditors and the security office (C5): filtered by person, object,
    action and period, paginated; the same filters give its Excel and PDF."""
    require(request.user.has_perm("audit.view_accesslog"))
    form, entries = access_log_filtered(request.user, request.GET)
    page, query = paginate(request, entries, 50)
    return render(
        request,
        "audit/access_log.html",
        {
            "page": page,
            "entries": readers_named(page),
            "query": query,
            "form": form,
            "sees_hidden": sees_hidden_readers(request.user),
        },
    )


@login_required
def change_history(request):
    """Every change by anyone (R1, R2), for the security office and auditors: filtered by
    period, kind of record, action and who made it; a page reads only its own rows."""
    require(request.user.has_perm("audit.view_changehistory"))
    form, rows = changes_filtered(request.user, request.GET)
    page, query = paginate(request, rows, 50)
    return render(
        request,
        "audit/change_history.html",
        {"page": page, "changes": changes_shown(page, request.user), "query": query, "form": form},
    )


@login_required
def notification_list(request):
    """The in-app inbox of notifications; opening it marks them read."""
    notifications = Notification.objects.filter(recipient=request.user)
    page, query = paginate(request, notifications, 30)
    unread = [n.pk for n in page if n.read_at is None]
    response = render(
        request,
        "audit/notification_list.html",
        {"page": page, "query": query, "unread": set(unread)},
    )
    Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return response


@login_required
@require_POST
def notification_read_all(request):
    count = notifications_read_all(user=request.user)
    messages.success(request, _("%(count)s notifications marked read.") % {"count": count})
    return redirect("audit:notification_list")


@login_required
def backup_list(request):
    """The system administrator's list of backups: when, size, result, and why one failed."""
    require(request.user.has_perm("audit.view_backuprun"))
    page, query = paginate(request, BackupRun.objects.all(), 30)
    return render(
        request,
        "audit/backup_list.html",
        {
            "page": page,
            "query": query,
            "keep": settings.BACKUP_KEEP,
            "directory": settings.BACKUP_DIR,
        },
    )


@login_required
@require_POST
def backup_now(request):
    require(request.user.has_perm("audit.add_backuprun"))
    from kombu.exceptions import OperationalError

    from .tasks import backup_daily

    try:
        backup_daily.delay()
    except OperationalError:
        messages.error(
            request,
            _(
                "The task queue does not answer: no backup was started. "
                "Try again later, or run `manage.py backup` on the server."
            ),
        )
    else:
        messages.success(request, _("A backup was started; it appears below when it ends."))
    return redirect("audit:backup_list")
