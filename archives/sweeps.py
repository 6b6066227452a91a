"""The archive's periodic work in one place: the daily sweep (A4, A6, A7, A8)."""

import datetime

from django.utils import timezone

from .services.destruction import retention_sweep
from .services.inspections import inspection_sweep
from .services.loans import loans_sweep
from .services.missing import missing_sweep


def archive_sweep(*, actor, today: datetime.date | None = None) -> dict[str, int]:
    """Daily (A4, A6, A7, A8): loan reminders and overdue marks, missing items reaching their
    limit, the inspection falling due, items past their retention (weekly).
    Idempotent: run twice a day, it tells nobody twice and opens no second incident."""
    today = today or timezone.localdate()
    return {
        **loans_sweep(actor=actor, today=today),
        **missing_sweep(actor=actor, today=today),
        **inspection_sweep(today=today),
        **retention_sweep(today=today),
    }
