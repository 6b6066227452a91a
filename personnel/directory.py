"""Registers with accounts (which knows no employee) the person behind each login, for the
security administrator's pages that list accounts."""

from accounts.registry import PeopleDirectory, people_register

from .models import Employee


def _names(user_ids) -> dict:
    return dict(Employee.objects.filter(user_id__in=list(user_ids)).values_list("user_id", "name"))


def _search(text: str):
    return Employee.objects.filter(name__icontains=text, user__isnull=False).values("user_id")


people_register(PeopleDirectory(names=_names, search=_search))
