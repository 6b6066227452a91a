"""Showing simple-history records as "who, when, what changed" (R1)."""

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import DomainError
from core.people import person_name, with_person
from core.prepared import Statement

# simple-history's history_type, as the change history names it.
HISTORY_ACTIONS = [
    ("+", gettext_lazy("Created")),
    ("~", gettext_lazy("Changed")),
    ("-", gettext_lazy("Deleted")),
]


@dataclass(frozen=True)
class Change:
    field: str
    old: object
    new: object


def recent_history(obj, limit: int) -> list:
    """The record's newest history rows with who made them, for `history_with_changes`."""
    return _recent_history(type(obj), limit)(pk=obj.pk)


@cache
def _recent_history(model, limit: int) -> Statement:
    key = model._meta.pk.attname  # what simple-history's manager of one record filters by

    def build(pk):
        rows = model.history.filter(**{key: pk})
        return rows.select_related(with_person("history_user"))[:limit]

    return Statement(build, pk=int)


def history_with_changes(records) -> list[tuple[object, list[Change]]]:
    """Pair each history record (newest first) with its field changes against the one before.

    Compares in memory and names related objects with one query per related model, so a
    page of history costs the same queries whatever its length. Each record's `by` is the
    person who made the change (their login where no person is behind it).
    """
    records = list(records)
    for record in records:  # who, by their name where a person is behind the login
        record.by = person_name(record.history_user)
    raw = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        raw.append((record, _raw_changes(record, previous) if previous else []))
    names = _related_names(change for _record, changes in raw for change in changes)
    return [
        (record, [_readable(field, old, new, names) for field, old, new in changes])
        for record, changes in raw
    ]


def changes_between(pairs) -> list[list[Change]]:
    """The field changes of each (record, the version before it or None) pair, records of
    any kinds; related records named with one query per related model."""
    raw = [_raw_changes(record, previous) if previous else [] for record, previous in pairs]
    names = _related_names(change for changes in raw for change in changes)
    return [[_readable(field, old, new, names) for field, old, new in changes] for changes in raw]


def _raw_changes(record, previous):
    fields = record.instance_type._meta.concrete_fields
    return [
        (field, getattr(previous, field.attname), getattr(record, field.attname))
        for field in fields
        if getattr(previous, field.attname) != getattr(record, field.attname)
    ]


def _related_names(changes) -> dict:
    wanted = defaultdict(set)
    for field, old, new in changes:
        if field.is_relation:
            wanted[field.related_model].update(v for v in (old, new) if v is not None)
    return {
        (model, pk): str(obj)
        for model, pks in wanted.items()
        for pk, obj in model._default_manager.in_bulk(pks).items()
    }


def _readable(field, old, new, names) -> Change:
    def show(value):
        if value in (None, ""):
            return "—"
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if field.is_relation:
            return names.get((field.related_model, value), value)
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        return value

    return Change(str(field.verbose_name), show(old), show(new))


def save_recorded(obj, actor, *, constraints: bool = True) -> None:
    """Validate and save a tracked model with its actor in the history row (every service
    writes this way: no change without a named actor).

    constraints=False: the caller has already settled what the model's unique and check
    constraints and its foreign keys guard (it found the row by them, under lock), so they
    are not asked of the database once more before the write (a query each, and a savepoint
    for a check); the database still enforces them."""
    related = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    obj.full_clean(
        exclude=None if constraints else related,
        validate_unique=constraints,
        validate_constraints=constraints,
    )
    obj._history_user = actor
    obj.save()


class StaleRecord(DomainError):
    """Someone saved the record after the form was opened: their change is not overwritten.
    `version` is the current one, for a deliberate resubmission; `changes` holds, per field
    they changed, its form value in the opened version and now."""

    def __init__(self, message, version, changes=()):
        super().__init__(message)
        self.version = version
        self.changes = changes


def record_version(obj) -> int | None:
    """The record's version: the id of its latest history row (every save writes one)."""
    return obj.history.order_by("-history_id").values_list("history_id", flat=True).first()


def require_version(obj, version: int | None) -> None:
    """Refuse a write made from a form opened on an older version, naming who changed what."""
    current = record_version(obj)
    if version is None or current is None or int(version) == current:
        return
    records = list(obj.history.filter(history_id__in=[version, current]).order_by("-history_id"))
    newest, readable = history_with_changes(records)[0]
    raw = _raw_changes(newest, records[1]) if len(records) == 2 else []
    who = newest.by or "?"
    what = "；".join(f"{c.field}：{c.old} → {c.new}" for c in readable)
    raise StaleRecord(
        _(
            "%(who)s saved this record after you opened it (%(what)s). Your changes were not "
            "saved: the form now shows their values where you had changed nothing; check it, "
            "then submit again."
        )
        % {"who": who, "what": what or "—"},
        version=current,
        changes=[(field.name, _form_value(old), _form_value(new)) for field, old, new in raw],
    )


def _form_value(value) -> str:
    """A stored value as a form posts it."""
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
