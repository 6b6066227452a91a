"""The measures of the standard, registered by key (see `registry`); importing this package
registers them all."""

from .leaving import decryption_recorded, departures_complete, loans_returned
from .people import (
    assessments_passed,
    classified_identified,
    commitments_signed,
    monthly_education,
    periodic_reviews,
    pre_post_training,
)
from .registry import MEASURE_LABELS, MEASURES, Measure, Shortfall, measure
from .security import major_events, travel_approved, violations_handled

__all__ = [
    "MEASURES",
    "MEASURE_LABELS",
    "Measure",
    "Shortfall",
    "assessments_passed",
    "classified_identified",
    "commitments_signed",
    "decryption_recorded",
    "departures_complete",
    "loans_returned",
    "major_events",
    "measure",
    "monthly_education",
    "periodic_reviews",
    "pre_post_training",
    "travel_approved",
    "violations_handled",
]
