"""Two approvals of the same step at once, on PostgreSQL: exactly one wins."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from accounts.services import roles_set
from approvals.models import Decision
from core.errors import DomainError
from offboarding import services
from personnel.demo import seed_demo

from .conftest import user

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_concurrent_approvals_of_one_step_have_one_winner(require_services):
    seed_demo()
    from personnel.models import Employee
    from personnel.services.accounts import login_create

    resignation = services.resignation_submit(
        actor=user("emp_cs"),
        employee=Employee.objects.get(employee_no="C0002"),
        last_day=timezone.localdate() + datetime.timedelta(days=30),
        reason="x",
    )
    services.resignation_decide(
        actor=user("head_cs"),
        resignation=resignation,
        outcome="approve",
        comment="同意",
        opinion={"handover_arrangements": "交接给许静"},
    )
    # A second HR clerk, so two people may both decide the admin-department step.
    hr2 = login_create(
        actor=user("hr"),
        employee=Employee.objects.get(employee_no="A0005"),
        username="hr2",
        password="x",
    ).user
    roles_set(actor=user("secadmin"), user=hr2, roles=["employee", "hr"])
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(username):
        try:
            barrier.wait()
            services.resignation_decide(
                actor=user(username), resignation=resignation, outcome="approve", comment="ok"
            )
            outcomes.append("won")
        except DomainError as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(name,)) for name in ("hr", "hr2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes.count("won") == 1, outcomes
    step = resignation.chain.steps.get(order=2)
    assert Decision.objects.filter(step=step).count() == 1
    assert step.status == "approved"
    assert resignation.chain.current_step().order == 3
