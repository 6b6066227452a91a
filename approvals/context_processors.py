from .selectors import inbox_entries


def inbox(request):
    """How many approval steps and tasks wait for the signed-in user (the navigation badge)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_count": inbox_entries(user).count()}
