def current_employee(request):
    """The signed-in person's employee record, for the navigation bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"current_employee": getattr(user, "employee", None)}
