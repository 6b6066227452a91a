"""The registry of measures: each takes the period and returns the records short of an
item of the standard, as (label, URL of the record's page), in a fixed number of queries.
Each is registered under the key an item names, with a label the office chooses it by.

A measure reads the other apps' tables with their own models; it never writes.
"""

import datetime
from collections.abc import Callable
from typing import NamedTuple

from django.urls import reverse
from django.utils import timezone

from personnel.models import Employee


class Shortfall(NamedTuple):
    label: str
    url: str


Measure = Callable[[datetime.date, datetime.date], list[Shortfall]]
MEASURES: dict[str, Measure] = {}
MEASURE_LABELS: dict[str, str] = {}


def measure(key: str, label):
    """Register a measure under `key`; `label` (lazily translated) names it in the form
    where the office adds an item."""

    def register(function: Measure) -> Measure:
        MEASURES[key] = function
        MEASURE_LABELS[key] = label
        return function

    return register


def employee_shortfall(employee: Employee, detail: str = "") -> Shortfall:
    label = f"{employee}" + (f" · {detail}" if detail else "")
    return Shortfall(label, reverse("personnel:employee_detail", args=[employee.pk]))


def local_day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None
