"""The person HR files a resignation for (core.pickers)."""

from core.pickers import Picker, registry
from personnel.models import Employee
from personnel.pickers import EMPLOYEE
from personnel.selectors import visible_employees


def _leavers(user):
    return visible_employees(user).filter(status=Employee.Status.ACTIVE)


LEAVERS = Picker(
    "offboarding:pick",
    "leavers",
    EMPLOYEE,
    _leavers,
    allowed=lambda user: user.has_perm("offboarding.add_resignation"),
)

PICKERS = registry(LEAVERS)
