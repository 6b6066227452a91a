from django.utils.functional import SimpleLazyObject

from .models import Department


def current_employee(request):
    """The signed-in person's employee record, for the navigation bar (accounts' backend reads
    it with the user: no query of its own), and whether they head a department (asked only
    when the navigation needs to know)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    employee = getattr(user, "employee", None)
    heads = SimpleLazyObject(
        lambda: employee is not None and Department.objects.filter(head=employee).exists()
    )
    return {"current_employee": employee, "heads_department": heads}
