"""The person behind a login, for every page that names who did something: only what
personnel registers (every app below it knows logins, not people).

personnel registers its directory in AppConfig.ready; without it, pages show login names.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class PeopleDirectory:
    """The person behind a login, for pages that list accounts."""

    # (user ids) -> {user id: the person's name}
    names: Callable[[Iterable[int]], dict]
    # (text) -> QuerySet of the user ids of the people whose name contains it
    search: Callable[[str], object]


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
