"""Facts about a person that a higher app keeps, shown on the person's page: their study
hours this year (training), for instance. The app registers a function in its ready();
personnel calls it without importing the app, as the approvals inbox calls its sources."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    url: str = ""
    warning: bool = False


FactSource = Callable[[object, object], "Fact | None"]  # (viewer, employee) -> Fact or None
_SOURCES: list[FactSource] = []


def fact_source(source: FactSource) -> FactSource:
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def facts_of(viewer, employee) -> list[Fact]:
    """The registered facts about a person the viewer already sees, in registration order."""
    return [fact for source in _SOURCES if (fact := source(viewer, employee)) is not None]
