"""Query parameters a view reads by hand (ids, dates, months): a malformed or absurd value is
a 404 for an id (as for an object one may not see) and a 400 otherwise, never a 500."""

import datetime

from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404

from .forms import within_calendar

LARGEST_ID = 2**31 - 1  # PostgreSQL's integer: a larger "id" names nothing


def query_id(request, name: str) -> int:
    value = request.GET.get(name, "")
    if not value.isascii() or not value.isdigit() or not 0 < int(value) <= LARGEST_ID:
        raise Http404(f"no such {name}")
    return int(value)


def query_date(request, name: str, default: datetime.date) -> datetime.date:
    value = request.GET.get(name, "")
    if not value:
        return default
    try:
        day = datetime.date.fromisoformat(value)
        within_calendar(day)
    except (ValueError, ValidationError):
        raise BadRequest(f"{name} is not a date in range") from None
    return day


def query_form(form) -> dict:
    """The cleaned data of a filter form bound to request.GET, or a 400."""
    if not form.is_valid():
        raise BadRequest(form.errors.as_text()[:200])
    return form.cleaned_data


def posted_ids(request, name: str, limit: int = 200) -> list[int]:
    """The distinct ids ticked in a list (checkboxes named `name`): a malformed one is a 404,
    as for an object one may not see; more than a page could hold is a 400."""
    values = request.POST.getlist(name)
    if len(values) > limit:
        raise BadRequest(f"more than {limit} {name}")
    ids = []
    for value in values:
        if not value.isascii() or not value.isdigit() or not 0 < int(value) <= LARGEST_ID:
            raise Http404(f"no such {name}")
        ids.append(int(value))
    return list(dict.fromkeys(ids))
