"""Every change by anyone (R1, R2): the history tables of every tracked model read as one
list, newest first, filtered by period, kind of record, action and who made the change.

The list is one UNION ALL over the history tables, ordered by time and cut to a page by the
database (each table's history_date is indexed), so a page reads its rows whatever the size
of the history. The page's records, with the version before each, are then read in one
query per kind of record on the page, and their changes named as on a record's own page
(audit.history): a page costs the same queries however long the history is.

A higher app narrows what a user sees of its records (`history_scope_register`): the
history of records its selector hides from the user is left out, and the actor of a row
whose actor must stay hidden (an anonymous report) is shown only to who may see them.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import within_days
from core.params import query_form
from core.people import login_or_name_matches, names_of

from .forms import ChangeHistoryFilterForm
from .history import HISTORY_ACTIONS, Change, changes_between
from .selectors import sees_hidden_readers


@dataclass(frozen=True)
class HistoryScope:
    """What a user sees of one kind of record's history."""

    visible: Callable  # (user) -> QuerySet of the live records the user may see
    path: str = "id"  # the historical field that holds the live record's id
    hidden_actor: Q | None = None  # rows whose actor only `sees_hidden_readers` may see


_SCOPES: dict[str, HistoryScope] = {}


def history_scope_register(model, scope: HistoryScope) -> None:
    _SCOPES[model._meta.label_lower] = scope


def tracked_models() -> list:
    """Every model with a history table, in the order of the apps."""
    return [
        model
        for model in apps.get_models()
        if hasattr(model._meta, "simple_history_manager_attribute")
    ]


def historical(model):
    return getattr(model, model._meta.simple_history_manager_attribute).model


def kind_choices() -> list[tuple[str, str]]:
    return [(model._meta.label_lower, model._meta.verbose_name) for model in tracked_models()]


# --- The list ------------------------------------------------------------------------------
# Prefixed: a column may not share a name with a field of any history table.
COLUMNS = ("c_at", "c_row", "c_kind", "c_actor", "c_action", "c_object", "c_actor_hidden")


def changes_filtered(user, query) -> tuple[ChangeHistoryFilterForm, QuerySet]:
    """The filter form bound to the query string (a 400 when malformed) and its changes:
    the page and its exports."""
    form = ChangeHistoryFilterForm(query)
    return form, changes_list(user, **query_form(form))


def changes_list(user, *, kind="", person="", action="", date_from=None, date_to=None) -> QuerySet:
    """The changes under the filters, newest first, as rows of COLUMNS (one UNION ALL)."""
    User = get_user_model()
    actors = User.objects.filter(login_or_name_matches(person)).values("pk") if person else None
    branches = [
        _branch(model, user, actors, action, within_days("history_date", date_from, date_to))
        for model in tracked_models()
        if not kind or model._meta.label_lower == kind
    ]
    if not branches:  # a kind with no history table: nothing
        return _branch(tracked_models()[0], user, None, "", {}).none()
    first, *rest = branches
    return first.union(*rest, all=True).order_by("-c_at", "-c_row")


def _branch(model, user, actors, action: str, period: dict) -> QuerySet:
    label = model._meta.label_lower
    scope = _SCOPES.get(label)
    rows = historical(model).objects.filter(**period)
    if action:
        rows = rows.filter(history_type=action)
    if scope is not None and user is not None:
        visible = scope.visible(user)
        # A selector that filters nothing shows every record: no semi-join, so the table's
        # history_date index still cuts the page (the unfiltered list reads ~50 rows).
        if visible.query.has_filters() or visible.query.is_empty():
            rows = rows.filter(**{f"{scope.path}__in": visible.values("pk")})
    hidden = scope.hidden_actor if scope is not None else None
    if actors is not None:
        rows = rows.filter(history_user_id__in=actors)
        if hidden is not None and not sees_hidden_readers(user):
            rows = rows.exclude(hidden)  # a hidden actor is never found by their name
    flag = Case(When(hidden, then=Value(True)), default=Value(False)) if hidden else Value(False)
    return (
        rows.order_by()
        .annotate(
            c_at=F("history_date"),
            c_row=F("history_id"),
            c_kind=Value(label, output_field=CharField()),
            c_actor=F("history_user_id"),
            c_action=F("history_type"),
            c_object=F(model._meta.pk.attname),
            c_actor_hidden=_as_bool(flag),
        )
        .values_list(*COLUMNS)
    )


def _as_bool(expression):
    expression.output_field = BooleanField()
    return expression


# --- A page of it ----------------------------------------------------------------------------
@dataclass
class ChangeRow:
    at: object
    actor: str
    action: str
    kind: str
    record: str
    changes: list[Change] = field(default_factory=list)

    @property
    def change_lines(self) -> list[str]:
        return [f"{c.field}：{_plain(c.old)} → {_plain(c.new)}" for c in self.changes]

    @property
    def changes_text(self) -> str:
        return "；".join(self.change_lines)


def _plain(value) -> str:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def changes_shown(rows: Iterable[tuple], user) -> list[ChangeRow]:
    """The rows of `changes_list` with their record, actor and field changes: one query per
    kind of record among them, one for the actors' names, one per related model named."""
    rows = list(rows)
    wanted = defaultdict(list)
    for _at, row_id, kind, *_rest in rows:
        wanted[kind].append(row_id)
    versions = {}
    for kind, ids in wanted.items():
        versions.update(_versions(apps.get_model(kind), ids))
    pairs = [versions[(kind, row_id)] for _at, row_id, kind, *_rest in rows]
    changes = changes_between(pairs)
    names = names_of(row[3] for row in rows)
    sees_hidden = sees_hidden_readers(user)
    actions = dict(HISTORY_ACTIONS)
    shown = []
    for (at, _id, _kind, actor_id, action, _pk, hidden), (record, _prev), found in zip(
        rows, pairs, changes, strict=True
    ):
        shown.append(
            ChangeRow(
                at=at,
                actor=_actor(record, actor_id, names, hidden and not sees_hidden),
                action=str(actions.get(action, action)),
                kind=str(record.instance_type._meta.verbose_name),
                record=_record_name(record),
                changes=found,
            )
        )
    return shown


def _versions(model, ids: list[int]) -> dict:
    """{(kind, row id): (the row, the version before it)} in one query."""
    history = historical(model)
    relations = [
        f.name for f in history._meta.concrete_fields if f.is_relation and f.name != "history_user"
    ]
    before = (
        history.objects.filter(
            **{model._meta.pk.attname: OuterRef(model._meta.pk.attname)},
            history_id__lt=OuterRef("history_id"),
        )
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    page = history.objects.filter(history_id__in=ids).order_by()
    wanted = page.values("history_id").union(page.values(prev=Subquery(before)), all=True)
    found = (
        history.objects.filter(history_id__in=wanted)
        .order_by()
        .select_related("history_user", *relations)
    )
    by_id = {record.history_id: record for record in found}
    versions = defaultdict(list)  # each record's versions on hand, oldest first
    for record in sorted(by_id.values(), key=lambda r: r.history_id):
        versions[getattr(record, model._meta.pk.attname)].append(record)
    kind = model._meta.label_lower
    return {(kind, row_id): _with_previous(by_id[row_id], versions, model) for row_id in ids}


def _with_previous(record, versions: dict, model) -> tuple:
    """The record and the version just before it (read with it), or None for the first."""
    earlier = [
        r
        for r in versions[getattr(record, model._meta.pk.attname)]
        if r.history_id < record.history_id
    ]
    return record, earlier[-1] if earlier else None


def _actor(record, actor_id, names: dict, hidden: bool) -> str:
    if hidden:
        return _("(identity hidden at the reporter's request)")
    if actor_id is None:
        return _("System")
    return names.get(actor_id) or record.history_user.get_username()


def _record_name(record) -> str:
    """The record as it was then, named as its own pages name it (its related records come
    with the row: no query)."""
    instance = record.instance
    for relation in instance._meta.concrete_fields:
        if relation.is_relation:
            mirror = record._meta.get_field(relation.name)
            if mirror.is_cached(record):
                relation.set_cached_value(instance, mirror.get_cached_value(record))
    try:
        return str(instance)
    except (AttributeError, ObjectDoesNotExist):  # a related record since deleted
        return f"{instance._meta.verbose_name} #{instance.pk}"


def changes_in_batches(rows: QuerySet, user, size: int = 500) -> Iterator[ChangeRow]:
    """Every change of the list, read in batches: for an export of any length."""
    batch = []
    for row in rows.iterator(chunk_size=size):
        batch.append(row)
        if len(batch) == size:
            yield from changes_shown(batch, user)
            batch = []
    if batch:
        yield from changes_shown(batch, user)
