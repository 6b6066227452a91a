"""C6, F9, T6: travel abroad with the pre-travel briefing, the return report and talk, and
the custody of travel documents."""

import datetime
import shutil
import subprocess

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from clearance import sweeps
from clearance.models import TravelRequest
from clearance.services import travel
from core.errors import DomainError
from core.models import Notification
from core.transitions import transition
from personnel.models import Employee, Tier
from tests.test_access_matrix import ROLES

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def user(name):
    return get_user_model().objects.get(username=name)


def person(username):
    return Employee.objects.get(user__username=username)


def request_trip(who="emp_rd", start_in=10, days=7, actor=None):
    today = timezone.localdate()
    return travel.travel_request(
        actor=actor or user(who),
        employee=person(who) if isinstance(who, str) else who,
        destination="德国慕尼黑",
        departure=today + start_in * DAY,
        return_date=today + (start_in + days) * DAY,
        purpose="参加行业展会",
    )


def decide(name, trip, outcome="approve", comment=""):
    return travel.travel_decide(actor=user(name), travel=trip, outcome=outcome, comment=comment)


def brief(trip, confirm=True):
    travel.briefing_record(
        actor=user("security"),
        travel=trip,
        briefed_on=timezone.localdate(),
        note="不得携带涉密载体出境",
    )
    if confirm:
        travel.briefing_confirm(actor=trip.employee.user, travel=trip)


def approved_trip(who="emp_rd", **kwargs):
    trip = request_trip(who, **kwargs)
    first = trip.chain.steps.order_by("order").first()
    decide("hr_head" if first.role == "hr_head" else "head_rd", trip)
    brief(trip)
    decide("security", trip)
    if trip.employee.tier == Tier.CORE:
        decide("gm", trip)
    trip.refresh_from_db()
    assert trip.status == TravelRequest.Status.APPROVED
    return trip


@pytest.mark.parametrize(
    "tier, decryption_days, status, must_ask",
    [
        (Tier.CORE, None, Employee.Status.ACTIVE, True),
        (Tier.IMPORTANT, None, Employee.Status.ACTIVE, True),
        (Tier.GENERAL, None, Employee.Status.ACTIVE, False),
        (Tier.NONE, None, Employee.Status.ACTIVE, False),
        (Tier.GENERAL, 30, Employee.Status.ACTIVE, True),  # moved out of a core post
        (Tier.NONE, 0, Employee.Status.DEPARTED, True),  # the period's last day
        (Tier.CORE, -1, Employee.Status.DEPARTED, False),  # the period is over
    ],
)
def test_who_must_ask_before_travelling(demo, tier, decryption_days, status, must_ask):
    employee = person("emp_cs")
    Employee.objects.filter(pk=employee.pk).update(
        tier=tier,
        status=status,
        decryption_ends_on=None
        if decryption_days is None
        else timezone.localdate() + decryption_days * DAY,
    )
    employee.refresh_from_db()
    assert travel.approval_required(employee) is must_ask
    if not must_ask:
        with pytest.raises(DomainError, match="无需审批"):
            request_trip(employee, actor=user("security"))


def test_the_chain_for_core_important_and_a_head(demo):
    core = request_trip("emp_rd")
    assert [(s.role, s.department_id) for s in core.chain.steps.order_by("order")] == [
        ("dept_head", core.employee.department_id),
        ("security_officer", None),
        ("gm", None),
    ]
    important = request_trip(Employee.objects.get(employee_no="R0004"), actor=user("security"))
    assert [s.role for s in important.chain.steps.order_by("order")] == [
        "dept_head",
        "security_officer",
    ]
    own_head = request_trip("head_rd")  # a head does not sign their own trip
    assert own_head.chain.steps.order_by("order").first().role == "hr_head"


def test_the_deciders_and_their_order(demo):
    trip = request_trip("emp_rd")
    with pytest.raises(DomainError):
        decide("security", trip)  # the head's step comes first
    with pytest.raises(DomainError):
        decide("head_cs", trip)  # another department's head
    decide("head_rd", trip)
    with pytest.raises(DomainError):
        decide("gm", trip)  # not yet the general manager's turn


def test_security_cannot_approve_before_the_briefing_is_recorded_and_confirmed(demo):
    trip = request_trip("emp_rd")
    decide("head_rd", trip)
    with pytest.raises(DomainError, match="保密提醒谈话"):
        decide("security", trip)
    brief(trip, confirm=False)
    with pytest.raises(DomainError, match="保密提醒谈话"):
        decide("security", trip)
    with pytest.raises(PermissionDenied):
        travel.briefing_confirm(actor=user("head_rd"), travel=trip)  # only the traveller
    travel.briefing_confirm(actor=user("emp_rd"), travel=trip)
    decide("security", trip)
    decide("gm", trip)
    trip.refresh_from_db()
    assert trip.status == TravelRequest.Status.APPROVED
    assert trip.employee.dossier.filter(title="出国(境)已批准").exists()


def test_a_rejection_needs_a_reason_and_ends_the_request(demo):
    trip = request_trip("emp_rd")
    with pytest.raises(DomainError):
        decide("head_rd", trip, "reject")
    decide("head_rd", trip, "reject", "项目关键期")
    trip.refresh_from_db()
    assert trip.status == TravelRequest.Status.REJECTED


def test_the_return_report_and_talk_are_chased_from_the_third_day(demo):
    trip = approved_trip("emp_rd")
    back = trip.return_date
    assert sweeps.travel_reminders(today=back + 2 * DAY) == 0
    # the traveller and the security office
    assert sweeps.travel_reminders(today=back + 3 * DAY) == 2
    assert sweeps.travel_reminders(today=back + 3 * DAY) == 0  # once a day
    assert sweeps.travel_reminders(today=back + 4 * DAY) == 2
    with time_machine.travel(back + 4 * DAY):
        travel.return_report_file(actor=user("emp_rd"), travel=trip, report="未携带涉密资料")
        assert sweeps.travel_reminders(today=back + 5 * DAY) == 2  # the talk is still missing
        travel.return_talk_record(
            actor=user("security"), travel=trip, held_on=back + 4 * DAY, note="无异常"
        )
    trip.refresh_from_db()
    assert trip.status == TravelRequest.Status.COMPLETED
    assert sweeps.travel_reminders(today=back + 6 * DAY) == 0


def test_the_return_report_comes_after_the_return(demo):
    trip = approved_trip("emp_rd")
    with pytest.raises(DomainError):
        travel.return_report_file(actor=user("emp_rd"), travel=trip, report="提前")


def register_passport(who="emp_rd", number="E12345678"):
    return travel.document_register(
        actor=user("security"),
        employee=person(who),
        kind="passport",
        number=number,
        expires_on=timezone.localdate() + 900 * DAY,
    )


def test_a_document_is_handed_out_only_for_an_approved_trip(demo):
    passport = register_passport()
    trip = request_trip("emp_rd")
    with pytest.raises(DomainError, match="已批准"):
        travel.document_hand_out(actor=user("security"), document=passport, travel=trip)
    other = approved_trip("head_rd")  # someone else's trip
    with pytest.raises(DomainError):
        travel.document_hand_out(actor=user("security"), document=passport, travel=other)
    trip = approved_trip("emp_rd", start_in=20)
    with pytest.raises(PermissionDenied):
        travel.document_hand_out(actor=user("hr"), document=passport, travel=trip)
    handout = travel.document_hand_out(actor=user("security"), document=passport, travel=trip)
    with pytest.raises(DomainError, match="已发出"):
        travel.document_hand_out(actor=user("security"), document=passport, travel=trip)
    travel.document_take_back(actor=user("security"), handout=handout)
    handout.refresh_from_db()
    assert handout.returned_on == timezone.localdate() and handout.received_by == user("security")


def test_a_document_is_overdue_five_days_after_the_return(demo):
    passport = register_passport()
    trip = approved_trip("emp_rd")
    handout = travel.document_hand_out(actor=user("security"), document=passport, travel=trip)
    back = trip.return_date
    assert not travel.is_overdue(handout, back + 4 * DAY)
    assert travel.is_overdue(handout, back + 5 * DAY)
    before = Notification.objects.filter(subject__contains="E*****678").count()
    sweeps.travel_reminders(today=back + 4 * DAY)
    assert Notification.objects.filter(subject__contains="E*****678").count() == before
    sweeps.travel_reminders(today=back + 5 * DAY)
    sweeps.travel_reminders(today=back + 5 * DAY)
    overdue = Notification.objects.filter(subject__contains="E*****678")
    assert set(overdue.values_list("recipient__username", flat=True)) == {"emp_rd", "security"}
    assert overdue.count() == 2  # once a day each
    sweeps.travel_reminders(today=back + 6 * DAY)
    assert overdue.count() == 4


def test_the_ledger_masks_the_number(demo, login):
    register_passport(number="E98765432")
    for name in ["security", "auditor", "emp_rd"]:
        html = login(name).get(reverse("clearance:passport_list")).content.decode()
        assert "E*****432" in html and "E98765432" not in html, name
    other = login("emp_cs").get(reverse("clearance:passport_list")).content.decode()
    assert "E*****432" not in other


def pdf_text(content, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    assert shutil.which("pdftotext")
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_travel_restriction_list_pdf(demo, login, tmp_path):
    register_passport(number="E98765432")
    leaver = person("emp_cs")
    Employee.objects.filter(pk=leaver.pk).update(
        status=Employee.Status.DEPARTED, decryption_ends_on=datetime.date(2027, 11, 30)
    )
    text = pdf_text(
        login("auditor").get(reverse("clearance:travel_restrictions_pdf")).content, tmp_path
    )
    assert "出国(境)限制人员名单" in text and "秘密★" in text
    assert "黄磊" in text and "E*****432" in text and "E98765432" not in text
    assert "林芳" in text and "2027-11-30" in text  # in the decryption period
    assert "梁雪" not in text  # general tier, in post: free to travel


def test_a_free_traveller_is_told_so(demo, login):
    client = login("emp_cs")
    for response in [
        client.get(reverse("clearance:travel_create")),
        client.post(
            reverse("clearance:travel_create"),
            {
                "destination": "日本",
                "departure": "2030-01-01",
                "return_date": "2030-01-05",
                "purpose": "旅游",
            },
        ),
    ]:
        assert response.status_code == 200
        assert "无需审批" in response.content.decode()
    assert not TravelRequest.objects.exists()


def test_a_request_through_the_form(demo, login):
    today = timezone.localdate()
    response = login("emp_rd").post(
        reverse("clearance:travel_create"),
        {
            "destination": "新加坡",
            "departure": (today + 5 * DAY).isoformat(),
            "return_date": (today + 9 * DAY).isoformat(),
            "purpose": "客户技术交流",
        },
    )
    trip = TravelRequest.objects.get()
    assert response.url == reverse("clearance:travel_detail", args=[trip.pk])
    assert trip.employee == person("emp_rd") and trip.requested_by == user("emp_rd")
    bad = login("emp_rd").post(
        reverse("clearance:travel_create"),
        {
            "destination": "新加坡",
            "departure": (today + 9 * DAY).isoformat(),
            "return_date": (today + 5 * DAY).isoformat(),
            "purpose": "x",
        },
    )
    assert bad.status_code == 200 and "新加坡" in bad.content.decode()  # nothing lost
    assert TravelRequest.objects.count() == 1


SEES_ALL = {"security", "auditor"}


def sees_trip(username, trip):
    return (
        username in SEES_ALL
        or username == "emp_rd"
        or username == "head_rd"
        or (username == "gm" and trip.employee.tier == Tier.CORE)
    )


@pytest.mark.parametrize("username", ROLES)
def test_travel_urls_for_every_role(demo, login, username):
    trip = request_trip("emp_rd")
    passport = register_passport()
    client = login(username)
    sees = sees_trip(username, trip)
    officer = username == "security"
    expected = {
        reverse("clearance:travel_list"): 200,
        reverse("clearance:travel_create"): 200,
        reverse("clearance:travel_detail", args=[trip.pk]): 200 if sees else 404,
        reverse("clearance:passport_list"): 200,
        reverse("clearance:desk"): 200 if officer else 403,
        reverse("clearance:travel_restrictions_pdf"): 200 if username in SEES_ALL else 403,
        reverse("clearance:violation_register_pdf"): 200 if username in SEES_ALL else 403,
    }
    assert {url: client.get(url).status_code for url in expected} == expected
    brief_url = reverse("clearance:travel_briefing", args=[trip.pk])
    response = client.post(brief_url, {"briefed_on": timezone.localdate().isoformat()})
    assert response.status_code == ((302 if officer else 403) if sees else 404)
    trip.refresh_from_db()
    assert (trip.briefed_on is not None) is officer
    hand_out = client.post(
        reverse("clearance:passport_hand_out", args=[passport.pk]), {"travel": trip.pk}
    )
    visible_document = username in SEES_ALL or username == "emp_rd"
    assert hand_out.status_code == ((302 if officer else 403) if visible_document else 404)
    assert not passport.handouts.exists()  # not approved: refused even for security


@pytest.mark.parametrize("username", ROLES)
def test_travel_posts_for_every_role(demo, login, username):
    """Each POST: a 404 for whom the trip is invisible, and no change by anyone not entitled."""
    trip = approved_trip("emp_rd")
    pending = request_trip("emp_rd", start_in=30)
    passport = register_passport()
    handout = travel.document_hand_out(actor=user("security"), document=passport, travel=trip)
    TravelRequest.objects.filter(pk=trip.pk).update(  # back home yesterday
        departure=timezone.localdate() - 5 * DAY, return_date=timezone.localdate() - DAY
    )
    trip.refresh_from_db()
    client = login(username)
    sees = sees_trip(username, trip)
    posts = [
        (
            reverse("clearance:travel_decide", args=[pending.pk]),
            {"decision": "approve", "comment": ""},
        ),
        (reverse("clearance:travel_confirm", args=[pending.pk]), {}),
        (reverse("clearance:travel_return_report", args=[trip.pk]), {"report": "无异常"}),
        (
            reverse("clearance:travel_return_talk", args=[trip.pk]),
            {"held_on": trip.return_date.isoformat(), "note": "无异常"},
        ),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code in ((302, 403) if sees else (404,)), url
    pending.refresh_from_db()
    trip.refresh_from_db()
    decided = pending.chain.steps.filter(decisions__isnull=False).count()
    assert decided == (1 if username == "head_rd" else 0)
    assert bool(trip.return_report) is (username == "emp_rd")
    assert bool(trip.return_talk_on) is (username == "security")
    created = client.post(
        reverse("clearance:passport_create"),
        {
            "employee": person("head_rd").pk,
            "kind": "passport",
            "number": "E55555555",
            "expires_on": "2030-01-01",
        },
    )
    assert created.status_code == (302 if username == "security" else 403)
    back = client.post(reverse("clearance:passport_take_back", args=[handout.pk]))
    visible_document = username in SEES_ALL or username == "emp_rd"
    assert back.status_code == (
        (302 if username == "security" else 403) if visible_document else 404
    )
    handout.refresh_from_db()
    assert (handout.returned_on is not None) is (username == "security")


def test_a_trip_moves_only_as_its_table_lists(demo):
    """In approval → approved, rejected or cancelled; approved → completed; nothing else."""
    trip = request_trip("emp_rd")
    with pytest.raises(DomainError):
        transition(trip, TravelRequest.Status.COMPLETED)
    decide("head_rd", trip, "reject", "项目关键期")
    trip.refresh_from_db()
    assert trip.status == TravelRequest.Status.REJECTED
    for unlisted in [TravelRequest.Status.APPROVED, TravelRequest.Status.REQUESTED]:
        with pytest.raises(DomainError):
            transition(trip, unlisted)
    trip.refresh_from_db()
    assert trip.status == TravelRequest.Status.REJECTED
