"""Reads of the access log that depend on who asks (C5)."""

from django.db.models import Q, QuerySet

from .models import AccessLog


def sees_hidden_readers(user) -> bool:
    """Who read an anonymous report is shown only to those with the right."""
    return user.has_perm("audit.view_hidden_reader")


def access_log_entries(user, *, q: str = "", action: str = "") -> QuerySet:
    """The access log searched by reader, object or copy number, and by action; a hidden
    reader is never found by name by who may not see them. The page and its export."""
    entries = AccessLog.objects.all()
    if q:
        by_reader = (
            Q(username__icontains=q)
            if sees_hidden_readers(user)
            else Q(username__icontains=q, reader_hidden=False)
        )
        entries = entries.filter(
            by_reader | Q(target_repr__icontains=q) | Q(copy_number__icontains=q)
        )
    if action in AccessLog.Action.values:
        entries = entries.filter(action=action)
    return entries
