"""Showing simple-history records as "who, when, what changed" (R1)."""

from collections import defaultdict
from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    field: str
    old: object
    new: object


def history_with_changes(records) -> list[tuple[object, list[Change]]]:
    """Pair each history record (newest first) with its field changes against the one before.

    Compares in memory and names related objects with one query per related model, so a
    page of history costs the same queries whatever its length.
    """
    records = list(records)
    raw = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        raw.append((record, _raw_changes(record, previous) if previous else []))
    names = _related_names(change for _record, changes in raw for change in changes)
    return [
        (record, [_readable(field, old, new, names) for field, old, new in changes])
        for record, changes in raw
    ]


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
        if field.is_relation:
            return names.get((field.related_model, value), value)
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        return value

    return Change(str(field.verbose_name), show(old), show(new))


def save_recorded(obj, actor) -> None:
    """Validate and save a tracked model with its actor in the history row (every service
    writes this way: no change without a named actor)."""
    obj.full_clean()
    obj._history_user = actor
    obj.save()
