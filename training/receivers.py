"""Training's answers to what the apps below it report (they may not import training)."""

from .models import TrainingKind
from .services import assign


def travel_education_assign(sender, *, travel, actor, **kwargs):
    """A trip abroad approved: the traveller is assigned their education before travel,
    in the approving transaction (a failure undoes the approval)."""
    assign(actor=actor, employee=travel.employee, kind=TrainingKind.TRAVEL)
