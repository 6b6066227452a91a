"""Registers with core (every app below personnel knows logins, not people) the person
behind each login: the pages that list accounts, change history."""

from core.people import PeopleDirectory, people_register

from .models import Employee


def _names(user_ids) -> dict:
    return dict(Employee.objects.filter(user_id__in=list(user_ids)).values_list("user_id", "name"))


def _search(text: str):
    return Employee.objects.filter(name__icontains=text, user__isnull=False).values("user_id")


def _name_of(user) -> str | None:
    employee = getattr(user, "employee", None)
    return employee.name if employee else None


people_register(PeopleDirectory(names=_names, search=_search, name_of=_name_of, related="employee"))
