"""Calendar arithmetic shared by every deadline (decryption periods, reviews, inspections,
incident results, monthly training)."""

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months later (or earlier), clamped to the month's end:
    31 Aug + 6 → 28 Feb, 29 Feb 2028 + 12 → 28 Feb 2029."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return day.replace(year=year, month=month,
                       day=min(day.day, calendar.monthrange(year, month)[1]))  # fmt: skip
