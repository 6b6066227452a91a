from django.utils.functional import SimpleLazyObject

from .selectors import badge_counts


def badges(request):
    """The navigation's badges: what waits for the signed-in user ("待我审批") and their unread
    notifications. Both are counted in one query, and only when a template shows them (a
    page that does not extend base.html pays nothing)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    counts = SimpleLazyObject(lambda: badge_counts(user))
    return {
        "inbox_count": SimpleLazyObject(lambda: counts[0]),
        "unread_notifications": SimpleLazyObject(lambda: counts[1]),
    }
