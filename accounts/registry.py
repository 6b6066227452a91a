"""What accounts knows of the people behind the logins: only what higher apps register.

accounts sits below personnel and clearance and imports neither (DESIGN.md). A clearance
makes its holder need a second factor, and the security administrator's pages name people,
not just logins: those apps register the rule and the names here in their AppConfig.ready.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class SecondFactorRule:
    """A reason other than a role for an account to need a second factor."""

    name: str
    # (user) -> whether the rule holds for this account now
    applies_to: Callable
    # () -> QuerySet of the user ids it holds for now (the security administrator's list)
    account_ids: Callable


_RULES: dict[str, SecondFactorRule] = {}


def second_factor_rule_register(rule: SecondFactorRule) -> None:
    _RULES[rule.name] = rule


def second_factor_rules() -> list[SecondFactorRule]:
    return list(_RULES.values())


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
