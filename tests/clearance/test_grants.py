import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from clearance import sweeps
from clearance.models import Clearance, PeriodicReview
from clearance.selectors import effective_level, reviews_due
from clearance.services import grants as services
from core.errors import DomainError
from core.transitions import transition
from personnel.models import Employee
from tests.test_access_matrix import ROLES

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)


def user(name):
    return get_user_model().objects.get(username=name)


def employee(no):
    return Employee.objects.get(employee_no=no)


def request(actor, no, level, days=None, temporary=False, start=TODAY):
    until = start + datetime.timedelta(days=days) if days is not None else None
    return services.clearance_request(
        actor=user(actor),
        employee=employee(no),
        level=level,
        reason="项目需要",
        valid_from=start,
        valid_until=until,
        temporary=temporary,
    )


def approve(clearance, *names):
    for name in names:
        services.clearance_decide(actor=user(name), clearance=clearance, outcome="approve")
    clearance.refresh_from_db()
    return clearance


def test_a_level_above_the_tier_ceiling_is_refused(demo):
    with pytest.raises(DomainError):
        request("hr", "C0002", "secret")  # general tier: at most 秘密
    assert not Clearance.objects.exists()
    assert request("hr", "C0002", "confidential").status == Clearance.Status.REQUESTED


def test_hr_requests_the_head_then_security_grant(demo):
    clearance = request("hr", "C0002", "confidential")
    with pytest.raises(DomainError):
        approve(clearance, "security")  # the head first
    with pytest.raises(DomainError):
        approve(clearance, "head_rd")  # another department's head
    approve(clearance, "head_cs", "security")
    assert clearance.status == Clearance.Status.GRANTED
    with time_machine.travel(datetime.datetime(2026, 11, 24, 4, tzinfo=datetime.UTC)):
        assert effective_level(employee("C0002")) == "confidential"


def test_a_head_request_counts_as_the_heads_step(demo):
    clearance = request("head_rd", "R0002", "top_secret")
    assert clearance.chain.current_step().role == "security_officer"
    assert approve(clearance, "security").status == Clearance.Status.GRANTED


def test_a_head_cannot_request_for_another_department(demo):
    with pytest.raises(PermissionDenied):
        request("head_rd", "C0002", "confidential")


def test_the_person_never_approves_their_own_clearance(demo):
    clearance = request("hr", "S0001", "top_secret")  # 郑涛 is `security` himself
    approve(clearance, "hr_head")  # 保密办 has no head: the admin head signs for it
    with pytest.raises(DomainError):
        approve(clearance, "security")
    assert clearance.status == Clearance.Status.REQUESTED


def test_temporary_clearance_ninety_days_yes_ninety_one_no(demo):
    with pytest.raises(DomainError):
        request("hr", "C0005", "confidential", days=91, temporary=True)
    assert request("hr", "C0005", "confidential", days=90, temporary=True).temporary


def test_temporary_clearance_is_for_non_classified_staff(demo):
    with pytest.raises(DomainError):
        request("hr", "C0002", "confidential", days=30, temporary=True)


def test_a_clearance_past_its_end_stops_counting_before_the_task_runs(demo):
    clearance = request(
        "hr", "C0005", "secret", days=10, temporary=True, start=timezone.localdate()
    )
    approve(clearance, "head_cs", "security")
    person = employee("C0005")
    assert effective_level(person) == "secret"  # above his tier: C3's exception
    end = clearance.valid_until
    assert effective_level(person, today=end) == "secret"
    assert effective_level(person, today=end + datetime.timedelta(days=1)) is None
    assert Clearance.objects.get(pk=clearance.pk).status == Clearance.Status.GRANTED


def test_the_expiry_task_twice_does_nothing_twice(demo):
    clearance = request(
        "hr", "C0005", "confidential", days=5, temporary=True, start=timezone.localdate()
    )
    approve(clearance, "head_cs", "security")
    after = clearance.valid_until + datetime.timedelta(days=1)
    week_before = clearance.valid_until - datetime.timedelta(days=3)
    warned = sweeps.expire_clearances(actor=user("security"), today=week_before)
    assert (warned["expired"], warned["warned"]) == (0, 1)  # `security`; no login for him
    first = sweeps.expire_clearances(actor=user("security"), today=after)
    second = sweeps.expire_clearances(actor=user("security"), today=after)
    assert first["expired"] == 1 and second["expired"] == 0
    clearance.refresh_from_db()
    assert clearance.status == Clearance.Status.EXPIRED and clearance.ended_on == after
    assert clearance.history.first().history_user == user("security")


def test_an_adverse_review_suspends_every_clearance_at_once(demo):
    clearance = approve(request("head_rd", "R0002", "top_secret"), "security")
    services.review_record(
        actor=user("security"),
        employee=employee("R0002"),
        result=PeriodicReview.Result.ADVERSE,
        note="境外接触未报告",
    )
    clearance.refresh_from_db()
    assert clearance.status == Clearance.Status.SUSPENDED
    assert effective_level(employee("R0002")) is None
    with pytest.raises(PermissionDenied):
        services.review_record(actor=user("hr"), employee=employee("R0002"), result="passed")


def test_reviews_fall_due_a_year_after_the_last(demo):
    due = {person.employee_no for person, _d in reviews_due(user("security"), today=TODAY)}
    assert "R0002" in due  # hired 2016, never reviewed
    services.review_record(actor=user("security"), employee=employee("R0002"), result="passed")
    due = {person.employee_no for person, _d in reviews_due(user("security"))}
    assert "R0002" not in due
    heads_view = {p.department.code for p, _d in reviews_due(user("head_cs"), today=TODAY)}
    assert heads_view == {"CS"}


READERS = {"hr", "hr_head", "security", "auditor"}


@pytest.mark.parametrize("username", ROLES)
def test_clearance_urls_for_every_role(demo, login, username):
    clearance = request("hr", "C0002", "confidential")
    client = login(username)
    sees = username in READERS or username in ("head_cs", "emp_cs")
    expected = {
        reverse("clearance:grant_list"): 200,
        reverse("clearance:review_list"): 200,
        reverse("clearance:grant_create"): (
            200 if username in ("hr", "head_rd", "head_cs", "hr_head") else 403
        ),
        reverse("clearance:grant_detail", args=[clearance.pk]): 200 if sees else 404,
    }
    assert {url: client.get(url).status_code for url in expected} == expected
    decide = client.post(
        reverse("clearance:grant_decide", args=[clearance.pk]), {"decision": "approve"}
    )
    assert decide.status_code == (302 if sees else 404)
    clearance.refresh_from_db()
    approved_first_step = clearance.chain.steps.get(order=1).status == "approved"
    assert approved_first_step == (username == "head_cs")
    shown = [c.pk for c in login(username).get(reverse("clearance:grant_list")).context["page"]]
    assert shown == ([clearance.pk] if sees else [])


def test_the_daily_task_lists_due_reviews_to_security_and_heads_once_a_week(demo):
    from core.models import Notification

    first = sweeps.expire_clearances(actor=user("security"), today=TODAY)
    again = sweeps.expire_clearances(actor=user("security"), today=TODAY)
    assert first["reviews_listed"] >= 3 and again["reviews_listed"] == 0
    told = set(
        Notification.objects.filter(dedupe_key__startswith="clearance:reviews-due").values_list(
            "recipient__username", flat=True
        )
    )
    assert {"security", "head_rd", "head_cs"} <= told


def test_a_clearance_moves_only_as_its_table_lists(demo):
    """In approval → granted, rejected or cancelled; granted → expired or suspended; an
    unlisted move is refused and the row keeps its status."""
    clearance = request("hr", "C0002", "confidential")
    for unlisted in [Clearance.Status.EXPIRED, Clearance.Status.SUSPENDED]:
        with pytest.raises(DomainError):
            transition(clearance, unlisted)
    with pytest.raises(DomainError):
        services.clearance_expire(actor=user("security"), clearance=clearance, on=TODAY)
    approve(clearance, "head_cs", "security")
    assert clearance.status == Clearance.Status.GRANTED
    for unlisted in [Clearance.Status.REQUESTED, Clearance.Status.REJECTED]:
        with pytest.raises(DomainError):
            transition(clearance, unlisted)
    clearance.refresh_from_db()
    assert clearance.status == Clearance.Status.GRANTED
