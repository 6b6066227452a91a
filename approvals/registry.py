"""What approvals knows of the subjects it decides on: only what their apps register.

approvals sits below every subject app and imports none of them (DESIGN.md); a subject app
registers its kind with a link to the subject and the hook to run when a chain finishes.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ChainKind:
    name: str
    label: str
    subject_url: Callable  # (chain) -> url of the subject's page
    on_finished: Callable | None = None  # (chain, actor) within the deciding transaction


_KINDS: dict[str, ChainKind] = {}


def register(kind: ChainKind) -> None:
    _KINDS[kind.name] = kind


def kind_get(name: str) -> ChainKind:
    return _KINDS[name]
