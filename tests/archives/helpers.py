"""Archive test helpers: clearances and catalogue items as the scenarios need them."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.utils import timezone

from archives.models import ArchiveItem, ItemMovement
from audit.history import save_recorded
from clearance.models import Clearance
from core.classification import DEFAULT_SECRECY_YEARS, Level
from personnel.models import Department, Employee

_numbers = itertools.count(1)

# Who holds which clearance in the archive scenarios; everyone else has none (内部 only).
CLEARED = {
    "security": Level.TOP_SECRET,
    "gm": Level.TOP_SECRET,
    "head_rd": Level.TOP_SECRET,
    "emp_rd": Level.SECRET,
    "archivist": Level.SECRET,
    "head_cs": Level.SECRET,
    "info_spec": Level.CONFIDENTIAL,
    "auditor": Level.CONFIDENTIAL,
    "emp_cs": Level.CONFIDENTIAL,
}


def user(name):
    return get_user_model().objects.get(username=name)


def employee(username):
    return Employee.objects.get(user__username=username)


def grant(username, level, days_ago=10):
    """A granted clearance, as the security office's chain would leave it (the chain itself
    is tested in tests/clearance)."""
    clearance = Clearance(
        employee=employee(username),
        level=level,
        valid_from=timezone.localdate() - datetime.timedelta(days=days_ago),
        reason="测试",
        requested_by=user("hr"),
        status=Clearance.Status.GRANTED,
    )
    save_recorded(clearance, user("hr"))
    return clearance


def grant_all():
    for username, level in CLEARED.items():
        grant(username, level)


def make_item(
    level, *, custodian="R0003", copies=1, title=None, department="RD", registered_on=None
):
    """A catalogue item at any level (the clerk's own ceiling stops them registering 绝密,
    so fixtures write the row directly, with its intake record)."""
    number = next(_numbers)
    item = ArchiveItem(
        catalogue_no=f"T-{level[:2].upper()}-{number:04d}",
        title=title or f"测试档案{number}",
        level=level,
        secrecy_years=DEFAULT_SECRECY_YEARS.get(Level(level)),
        retention_years=10,
        location="一号库房",
        copies=copies,
        department=Department.objects.get(code=department),
        custodian=Employee.objects.get(employee_no=custodian)
        if level in (Level.SECRET, Level.TOP_SECRET)
        else None,
        registered_on=registered_on or timezone.localdate(),
    )
    save_recorded(item, user("hr"))
    save_recorded(
        ItemMovement(
            item=item,
            kind=ItemMovement.Kind.INTAKE,
            occurred_on=item.registered_on,
            handed_over_by="研发部",
            received_by="周敏",
            recorded_by=user("hr"),
        ),
        user("hr"),
    )
    return item


def approve_all(decide, subject, deciders):
    for name in deciders:
        decide(actor=user(name), **subject, outcome="approve")
