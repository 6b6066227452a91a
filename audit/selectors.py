"""Reads of the access log that depend on who asks (C5)."""

from django.db.models import Q, QuerySet

from core.dates import within_days
from core.params import query_form
from core.people import login_or_name_matches, names_of

from .forms import AccessLogFilterForm
from .models import AccessLog


def sees_hidden_readers(user) -> bool:
    """Who read an anonymous report is shown only to those with the right."""
    return user.has_perm("audit.view_hidden_reader")


def access_log_entries(
    user,
    *,
    q: str = "",
    action: str = "",
    person: str = "",
    target: str = "",
    date_from=None,
    date_to=None,
) -> QuerySet:
    """The access log searched by reader (login or name), object or copy number (`q`), and
    filtered by person (login or name), object (its name or copy number), action and period;
    a hidden reader is never found by who may not see them. The page and its exports."""
    entries = AccessLog.objects.all()
    if q:
        entries = entries.filter(
            _reader_matches(user, q) | Q(target_repr__icontains=q) | Q(copy_number__icontains=q)
        )
    if person:
        entries = entries.filter(_reader_matches(user, person))
    if target:
        entries = entries.filter(
            Q(target_repr__icontains=target) | Q(copy_number__icontains=target)
        )
    if action in AccessLog.Action.values:
        entries = entries.filter(action=action)
    return entries.filter(**within_days("at", date_from, date_to))


def _reader_matches(user, text: str) -> Q:
    by_reader = login_or_name_matches(text, user="user")
    if not sees_hidden_readers(user):
        by_reader &= Q(reader_hidden=False)
    return by_reader


def access_log_filtered(user, query) -> tuple[AccessLogFilterForm, QuerySet]:
    """The filter form bound to the query string (a 400 when malformed) and its entries."""
    form = AccessLogFilterForm(query)
    return form, access_log_entries(user, **query_form(form))


def readers_named(entries) -> list:
    """The entries with each reader's name as `reader` (their login where no person is
    behind it), in one query whatever their number."""
    entries = list(entries)
    names = names_of(entry.user_id for entry in entries)
    for entry in entries:
        entry.reader = names.get(entry.user_id) or entry.username
    return entries
