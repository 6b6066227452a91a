"""The people clearance's forms pick, each from the set its form accepts (core.pickers)."""

from core.pickers import Picker, registry
from personnel.pickers import EMPLOYEE
from personnel.selectors import visible_employees

from .selectors import clearance_requestable, travel_restricted
from .services.travel import may_file_for_others


def _picker(name, choices, allowed=None) -> Picker:
    extra = {"allowed": allowed} if allowed else {}
    return Picker("clearance:pick", name, EMPLOYEE, choices, **extra)


def _travellers(user):
    return travel_restricted().filter(pk__in=visible_employees(user).values("pk"))


REQUESTABLE = _picker("requestable", clearance_requestable)
REVIEWABLE = _picker(
    "reviewable",
    visible_employees,
    lambda user: user.has_perm("clearance.add_periodicreview"),
)
VIOLATORS = _picker(
    "violators", visible_employees, lambda user: user.has_perm("clearance.add_violation")
)
TRAVELLERS = _picker("travellers", _travellers, may_file_for_others)
HOLDERS = _picker(
    "holders",
    lambda user: travel_restricted(),
    lambda user: user.has_perm("clearance.change_traveldocument"),
)
FINDING_OWNERS = _picker(
    "finding_owners",
    visible_employees,
    lambda user: user.has_perm("clearance.add_departmentfinding"),
)

PICKERS = registry(REQUESTABLE, REVIEWABLE, VIOLATORS, TRAVELLERS, HOLDERS, FINDING_OWNERS)
