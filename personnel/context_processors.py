from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.functional import SimpleLazyObject

from core.session_facts import session_fact

from .models import Department

HEADS_DEPARTMENT = "baomi_heads_department"  # session key


def current_employee(request):
    """The signed-in person's employee record, for the navigation bar (accounts' backend reads
    it with the user: no query of its own), and whether they head a department: asked only
    when the navigation needs to know, and kept in the session for a SESSION_TOUCH_SECONDS
    (a menu link; every page checks the head's rights itself)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    employee = getattr(user, "employee", None)
    heads = SimpleLazyObject(lambda: _heads_department(request.session, employee))
    return {"current_employee": employee, "heads_department": heads}


def _heads_department(session, employee, *, fresh: bool = False) -> bool:
    if employee is None:
        return False
    return session_fact(
        session,
        HEADS_DEPARTMENT,
        lambda: Department.objects.filter(head=employee).exists(),
        fresh=fresh,
    )


@receiver(user_logged_in, dispatch_uid="personnel.heads_department")
def _heads_department_at_login(sender, request, user, **kwargs):
    """Read at login with the account's other facts, so the first page costs what others do."""
    if request is not None and hasattr(request, "session"):
        _heads_department(request.session, getattr(user, "employee", None), fresh=True)
