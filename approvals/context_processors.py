from .selectors import steps_waiting_for


def inbox(request):
    """How many approval steps wait for the signed-in user (the badge in the navigation)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_count": steps_waiting_for(user).count()}
