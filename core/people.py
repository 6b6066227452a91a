"""The person behind a login, for every page that names who did something: only what
personnel registers (every app below it knows logins, not people).

personnel registers its directory in AppConfig.ready; without it, pages show login names.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class PeopleDirectory:
    """The person behind a login, for pages that list accounts."""

    # (user ids) -> {user id: the person's name}
    names: Callable[[Iterable[int]], dict]
    # (text) -> QuerySet of the user ids of the people whose name contains it
    search: Callable[[str], object]
    # (user) -> the person's name, or None; uses what select_related fetched
    name_of: Callable[[object], str | None]
    # the user's relation to the person, for select_related
    related: str = ""


_PEOPLE: list[PeopleDirectory] = []


def people_register(directory: PeopleDirectory) -> None:
    _PEOPLE[:] = [directory]


def people() -> PeopleDirectory | None:
    return _PEOPLE[0] if _PEOPLE else None


def names_of(user_ids: Iterable[int]) -> dict:
    """{user id: the person's name} in one query; {} when no directory is registered."""
    directory = people()
    ids = {pk for pk in user_ids if pk is not None}
    return directory.names(ids) if directory and ids else {}


def person_name(user) -> str:
    """Who a login is, for a page or a file: the person's name, else the login name."""
    if user is None:
        return ""
    directory = people()
    return (directory.name_of(user) if directory else None) or user.get_username()


def with_person(field: str) -> str:
    """The select_related path that fetches the person behind the user in `field` along with
    it, so `person_name` asks nothing more."""
    directory = people()
    return f"{field}__{directory.related}" if directory and directory.related else field


def login_or_name_matches(text: str, *, login: str = "username", user: str = "pk") -> Q:
    """Rows whose login (field `login`) or whose person's name contains `text`; `user` is the
    field holding the user's id."""
    found = Q(**{f"{login}__icontains": text})
    if (directory := people()) is not None:
        found |= Q(**{f"{user}__in": directory.search(text)})
    return found
