"""The self-assessment computed live: each active item of the standard, measured on the
records of the chosen period."""

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet

from core.access import role_grants

from .measures import MEASURE_LABELS, MEASURES, Shortfall
from .models import AssessmentRun, StandardItem

VIEW_PERM = "assessment.view_standarditem"
SAVE_PERM = "assessment.add_assessmentrun"
CHANGE_PERM = "assessment.change_standarditem"


@dataclass
class ItemResult:
    item: StandardItem
    shortfalls: list[Shortfall] = field(default_factory=list)

    @property
    def lost(self) -> int:
        return min(self.item.points, self.item.deduction * len(self.shortfalls))

    @property
    def score(self) -> int:
        return self.item.points - self.lost

    def figures(self) -> dict:
        return {
            "code": self.item.code,
            "section": self.item.section,
            "title": self.item.title,
            "points": self.item.points,
            "score": self.score,
            "lost": self.lost,
            "shortfalls": [list(shortfall) for shortfall in self.shortfalls],
        }


@dataclass
class Assessment:
    period_from: datetime.date
    period_to: datetime.date
    results: list[ItemResult]

    @property
    def points(self) -> int:
        return sum(result.item.points for result in self.results)

    @property
    def score(self) -> int:
        return sum(result.score for result in self.results)


def may_view(user) -> bool:
    return role_grants(user, VIEW_PERM)


def may_save(user) -> bool:
    return role_grants(user, SAVE_PERM)


def may_change_standard(user) -> bool:
    return role_grants(user, CHANGE_PERM)


def standard_items() -> list[tuple[StandardItem, str | None]]:
    """Every item of the standard, and the label of its measure (None where the product
    cannot measure it)."""
    return [(item, MEASURE_LABELS.get(item.measure)) for item in StandardItem.objects.all()]


def measured_items() -> QuerySet:
    """The active items with a measure the product has: an item that cannot be measured is
    left out rather than counted as met."""
    return StandardItem.objects.filter(active=True, measure__in=list(MEASURES))


def assessment_compute(*, period_from: datetime.date, period_to: datetime.date) -> Assessment:
    results = [
        ItemResult(item, MEASURES[item.measure](period_from, period_to))
        for item in measured_items()
    ]
    return Assessment(period_from, period_to, results)


def item_result(*, pk: int, period_from, period_to) -> ItemResult | None:
    item = measured_items().filter(pk=pk).first()
    if item is None:
        return None
    return ItemResult(item, MEASURES[item.measure](period_from, period_to))


def runs_visible_to(user) -> QuerySet:
    if not may_view(user):
        return AssessmentRun.objects.none()
    return AssessmentRun.objects.select_related("run_by")
