"""A8 destruction of items past their retention."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from archives.models import ArchiveItem, Destruction
from archives.services import destruction as destructions
from core.classification import Level
from core.errors import DomainError
from core.transitions import transition
from personnel.models import Employee

from .helpers import grant_all, make_item, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def cleared(demo):
    grant_all()


def test_destruction_needs_the_end_of_retention_approval_and_two_witnesses(cleared, login):
    young = make_item(Level.CONFIDENTIAL)
    with pytest.raises(DomainError):
        destructions.destruction_propose(actor=user("archivist"), item=young, reason="到期")
    old = make_item(Level.CONFIDENTIAL, registered_on=datetime.date(2010, 3, 1))
    assert list(destructions.past_retention(user("archivist"))) == [old]
    destruction = destructions.destruction_propose(
        actor=user("archivist"), item=old, reason="保管期满，失去保存价值"
    )
    assert [s.role for s in destruction.chain.steps.all()] == ["dept_head", "security_officer"]
    for name in ("hr_head", "security"):
        destructions.destruction_decide(
            actor=user(name), destruction=destruction, outcome="approve"
        )
    destruction.refresh_from_db()
    assert destruction.status == Destruction.Status.APPROVED
    one, other = Employee.objects.filter(employee_no__in=["A0005", "S0002"])
    for witnesses in [(one, one), (one, None)]:
        with pytest.raises(DomainError):
            destructions.destruction_record(
                actor=user("archivist"),
                destruction=destruction,
                method="shred",
                destroyed_on=timezone.localdate(),
                witness_1=witnesses[0],
                witness_2=witnesses[1],
            )
    done = destructions.destruction_record(
        actor=user("archivist"),
        destruction=destruction,
        method="shred",
        destroyed_on=timezone.localdate(),
        witness_1=one,
        witness_2=other,
    )
    assert done.status == Destruction.Status.DONE
    assert ArchiveItem.objects.get(pk=old.pk).status == ArchiveItem.Status.DESTROYED
    listed = login("emp_cs").get(reverse("archives:item_list"), {"status": "destroyed"})
    assert listed.context["page"].paginator.count == 1  # still in the catalogue


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (Destruction.Status.PROPOSED, Destruction.Status.DONE),
        (Destruction.Status.DONE, Destruction.Status.APPROVED),
        (Destruction.Status.REJECTED, Destruction.Status.APPROVED),
    ],
)
def test_a_destruction_refuses_a_move_its_table_does_not_list(start, to):
    row = Destruction(status=start)
    with pytest.raises(DomainError):
        transition(row, to)
    assert row.status == start


@pytest.mark.parametrize(("start", "to"), [(Destruction.Status.APPROVED, Destruction.Status.DONE)])
def test_a_destruction_takes_a_move_its_table_lists(start, to):
    row = Destruction(status=start)
    transition(row, to)
    assert row.status == to
