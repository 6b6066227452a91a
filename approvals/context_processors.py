from django.utils.functional import SimpleLazyObject

from .selectors import badge_counts


def badges(request):
    """The navigation's badges: what waits for the signed-in user ("待我审批") and their unread
    notifications, counted in one query: the user's own (approvals.selectors.badge_counts)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Read with the user, unless the request may have changed them (a form shown again).
    fresh = request.method not in ("GET", "HEAD")
    counts = SimpleLazyObject(lambda: badge_counts(user, fresh=fresh))
    return {
        "inbox_count": SimpleLazyObject(lambda: counts[0]),
        "unread_notifications": SimpleLazyObject(lambda: counts[1]),
    }
