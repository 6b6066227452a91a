"""Calendar arithmetic shared by every deadline (decryption periods, reviews, inspections,
incident results, monthly training)."""

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months later (or earlier), clamped to the month's end:
    31 Aug + 6 → 28 Feb, 29 Feb 2028 + 12 → 28 Feb 2029."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:  # only a date stored unbounded
        return datetime.date.max if months > 0 else datetime.date.min
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


# A day short of the calendar's ends, so that showing the moment in another time zone cannot
# overflow either.
_LAST = datetime.datetime(9999, 12, 30)
_FIRST = datetime.datetime(1, 1, 2)


def shifted(moment: datetime.datetime, delta: datetime.timedelta) -> datetime.datetime:
    """`moment + delta`, held near the ends of the calendar instead of overflowing: a date
    stored before the forms were bounded must not take a page or a sweep down."""
    first, last = _FIRST.replace(tzinfo=moment.tzinfo), _LAST.replace(tzinfo=moment.tzinfo)
    try:
        result = moment + delta
    except OverflowError:
        return last if delta > datetime.timedelta(0) else first
    return min(max(result, first), last)


def within_days(field: str, date_from=None, date_to=None) -> dict:
    """Lookups keeping the moments of `field` that fall on the local days from `date_from`
    to `date_to` (both included; either may be None): plain bounds an index serves, where
    `field__date` would convert every row's moment first."""
    from django.utils import timezone

    def start_of(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    bounds = {}
    if date_from:
        bounds[f"{field}__gte"] = start_of(date_from)
    if date_to:
        bounds[f"{field}__lt"] = start_of(date_to + datetime.timedelta(days=1))
    return bounds
