"""Reads of the access log that depend on who asks (C5)."""

from django.db.models import Q, QuerySet

from core.people import login_or_name_matches, names_of

from .models import AccessLog


def sees_hidden_readers(user) -> bool:
    """Who read an anonymous report is shown only to those with the right."""
    return user.has_perm("audit.view_hidden_reader")


def access_log_entries(user, *, q: str = "", action: str = "") -> QuerySet:
    """The access log searched by reader (login or name), object or copy number, and by
    action; a hidden reader is never found by who may not see them. The page and its
    export."""
    entries = AccessLog.objects.all()
    if q:
        by_reader = login_or_name_matches(q, user="user")
        if not sees_hidden_readers(user):
            by_reader &= Q(reader_hidden=False)
        entries = entries.filter(
            by_reader | Q(target_repr__icontains=q) | Q(copy_number__icontains=q)
        )
    if action in AccessLog.Action.values:
        entries = entries.filter(action=action)
    return entries


def readers_named(entries) -> list:
    """The entries with each reader's name as `reader` (their login where no person is
    behind it), in one query whatever their number."""
    entries = list(entries)
    names = names_of(entry.user_id for entry in entries)
    for entry in entries:
        entry.reader = names.get(entry.user_id) or entry.username
    return entries
