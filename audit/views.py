from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .reports import reports_for


@login_required
def report_list(request):
    return render(request, "audit/report_list.html", {"reports": reports_for(request.user)})


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


@never_cache
def healthz(request):
    """JSON state of the database, cache and broker: 200 when all are up, 503 otherwise."""
    checks = {"database": _check_database, "cache": _check_cache, "broker": _check_broker}
    state = {}
    for name, check in checks.items():
        try:
            check()
            state[name] = "ok"
        except Exception as error:  # any failure means "down", reported by name
            state[name] = (
                f"error: {type(error).__name__}" if not settings.DEBUG else f"error: {error}"
            )
    healthy = all(value == "ok" for value in state.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **state}, status=200 if healthy else 503
    )
