"""What approvals knows of the subjects it decides on: only what their apps register.

approvals sits below every subject app and imports none of them (DESIGN.md); a subject app
registers its kind with a link to the subject and the hook to run when a chain finishes.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class ChainKind:
    name: str
    label: str
    subject_url: Callable  # (chain) -> url of the subject's page
    # (*, chain, actor) within the deciding transaction: the subject's service hook itself
    on_finished: Callable | None = None
    # (chain) -> the Employee an approval gives access to; approvals then refuses to approve
    # for a person who is leaving or has left (personnel's one rule).
    beneficiary: Callable | None = None


def subject_page(url_name: str) -> Callable:
    """A kind's `subject_url` when the subject's page takes the subject's id."""

    def subject_url(chain) -> str:
        return reverse(url_name, args=[chain.subject_id])

    return subject_url


_KINDS: dict[str, ChainKind] = {}


def register(kind: ChainKind) -> None:
    _KINDS[kind.name] = kind


def kind_get(name: str) -> ChainKind:
    return _KINDS[name]


@dataclass(frozen=True)
class TaskSource:
    """Work other than approval steps that waits for a user (a departure checklist item to
    sign), listed in the same inbox without approvals importing the app that owns it."""

    name: str
    # (user) -> QuerySet of the tasks waiting for the user, annotated with `since`; it reads
    # the data in SQL only (no value computed in Python but the user's id): the navigation
    # badge compiles its SQL once per process, for a stand-in user (selectors.badge_counts)
    waiting_for: Callable
    # (pks) -> {pk: InboxRow} for one page of those tasks, in a fixed number of queries
    rows: Callable


@dataclass(frozen=True)
class InboxRow:
    title: str
    label: str
    name: str  # the step or the item
    since: object  # a datetime
    url: str


_TASK_SOURCES: dict[str, TaskSource] = {}


def task_source_register(source: TaskSource) -> None:
    _TASK_SOURCES[source.name] = source


def task_sources() -> list[TaskSource]:
    return list(_TASK_SOURCES.values())


def task_source_get(name: str) -> TaskSource:
    return _TASK_SOURCES[name]
