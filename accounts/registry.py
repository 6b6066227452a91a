"""What accounts knows of the people behind the logins: only what higher apps register.

accounts sits below personnel and clearance and imports neither (DESIGN.md). A clearance
makes its holder need a second factor: clearance registers the rule here in its
AppConfig.ready. (The names behind logins are core.people's.)
"""

from collections.abc import Callable
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
