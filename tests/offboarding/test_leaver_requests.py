"""Issue 13, item 2: a leaver's open requests end with them, and nothing more is approved or
handed out to a person who is leaving or has left."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from approvals.models import ApprovalChain, ApprovalStep
from approvals.selectors import steps_waiting_for
from archives.models import Loan, ReadingRequest
from archives.services import loans, reading
from clearance.models import Clearance, TravelRequest
from clearance.services import grants as clearance_services
from clearance.services import travel
from core.classification import Level
from core.errors import DomainError
from core.models import Notification
from offboarding import services
from offboarding.models import ChecklistItem
from personnel.models import Employee
from personnel.selectors import may_receive_access, require_may_receive_access
from tests.archives.helpers import grant_all, make_item

from .conftest import CHAIN, decide, employee, exit_education_attend, user

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
RD_CHAIN = ["head_rd", *CHAIN[1:]]
LEAVER = "emp_rd"  # 黄磊, core staff of 研发部: travel needs approval


def _today():
    return timezone.localdate()


def apply_loan(item):
    return loans.loan_apply(
        actor=user(LEAVER), item=item, copies=1, reason="现场核对", due_date=_today() + 3 * DAY
    )


def approve_loan(loan):
    for name in ("head_rd", "info_spec"):
        loans.loan_decide(actor=user(name), loan=loan, outcome="approve")
    loan.refresh_from_db()
    return loan


def request_reading(item):
    return reading.reading_request(
        actor=user(LEAVER), item=item, purpose="查阅设计", reason="项目交接"
    )


def request_clearance():
    return clearance_services.clearance_request(
        actor=user("hr"),
        employee=employee("R0002"),
        level=Level.TOP_SECRET,
        reason="项目需要",
        valid_from=_today(),
    )


def request_trip():
    return travel.travel_request(
        actor=user(LEAVER),
        employee=employee("R0002"),
        destination="德国慕尼黑",
        departure=_today() + 10 * DAY,
        return_date=_today() + 17 * DAY,
        purpose="参加展会",
    )


def resign():
    return services.resignation_submit(
        actor=user(LEAVER),
        employee=employee("R0002"),
        last_day=_today() + 30 * DAY,
        reason="深造",
    )


def approve_resignation(resignation):
    for username in RD_CHAIN:
        decide(resignation, username)
    resignation.refresh_from_db()
    return resignation


@pytest.fixture
def item(demo):
    grant_all()
    return make_item(Level.CONFIDENTIAL, copies=5)


@pytest.fixture
def open_requests(item):
    """One of each: a loan in approval, one approved but not handed out, one out; a reading
    request, a clearance request and a trip in approval."""
    out = approve_loan(apply_loan(item))
    loans.loan_hand_out(actor=user("archivist"), loan=out, borrower_signed=True)
    return {
        "loan_requested": apply_loan(item),
        "loan_approved": approve_loan(apply_loan(item)),
        "loan_out": out,
        "reading": request_reading(item),
        "clearance": request_clearance(),
        "trip": request_trip(),
    }


def fresh(obj):
    obj.refresh_from_db()
    return obj


def assert_cancelled(obj, status, actor):
    obj = fresh(obj)
    assert obj.status == status
    assert obj.history.first().history_user == user(actor)
    if obj.chain_id:
        chain = obj.chain
        assert chain.status in (ApprovalChain.Status.CANCELLED, ApprovalChain.Status.APPROVED)
        still = [ApprovalStep.Status.PENDING, ApprovalStep.Status.WAITING]
        assert not chain.steps.filter(status__in=still).exists()


def test_final_approval_cancels_every_pending_request_and_leaves_the_loan_out(open_requests):
    approve_resignation(resign())
    requests = open_requests
    assert_cancelled(requests["loan_requested"], Loan.Status.CANCELLED, "gm")
    assert_cancelled(requests["loan_approved"], Loan.Status.CANCELLED, "gm")
    assert_cancelled(requests["reading"], ReadingRequest.Status.CANCELLED, "gm")
    assert_cancelled(requests["clearance"], Clearance.Status.CANCELLED, "gm")
    assert_cancelled(requests["trip"], TravelRequest.Status.CANCELLED, "gm")
    assert fresh(requests["loan_out"]).status == Loan.Status.OUT  # it must come back instead
    for decider in ("head_rd", "info_spec", "security", "archivist"):
        assert not steps_waiting_for(user(decider)).exists()


def test_the_leaver_and_the_pending_deciders_are_told(open_requests):
    approve_resignation(resign())
    told = Notification.objects.filter(subject__contains="已取消")
    assert told.filter(recipient=user(LEAVER)).count() >= 5
    # The deciders the requests were waiting for: the loan's and the reading request's head
    # step, the clearance's and the trip's head step, the archivists for the approved loan.
    for decider in ("head_rd", "archivist"):
        assert told.filter(recipient=user(decider)).exists()


def file_during_exit(item):
    """What a person in the exit procedure can still file: nobody may approve it."""
    return {"loan": apply_loan(item), "reading": request_reading(item), "trip": request_trip()}


def sign_all_on_the_last_day(resignation, close=True):
    signers = {
        "handover": "head_rd",
        "credentials": "head_rd",
        "classified_return": "archivist",
        "access_revoked": "it",
        "equipment": "it",
        "exit_education": "hr",
        "exit_commitment": "hr",
        "bilateral": "hr",
        "leaving_documents": "hr",
    }
    with time_machine.travel(resignation.last_day):
        exit_education_attend(resignation)
        for loan in Loan.objects.filter(borrower__employee_no="R0002", status=Loan.Status.OUT):
            loans.loan_return(actor=user("archivist"), loan=loan, borrower_signed=True)
        for item in resignation.checklist.items.order_by("order"):
            services.checklist_item_sign(actor=user(signers[item.kind]), item=item)
        if close:
            services.checklist_close(actor=user("hr"), checklist=resignation.checklist)


def test_departure_cancels_what_was_filed_during_the_exit(item):
    resignation = approve_resignation(resign())
    filed = file_during_exit(item)
    sign_all_on_the_last_day(resignation)
    assert employee("R0002").status == Employee.Status.DEPARTED
    assert_cancelled(filed["loan"], Loan.Status.CANCELLED, "hr")
    assert_cancelled(filed["reading"], ReadingRequest.Status.CANCELLED, "hr")
    assert_cancelled(filed["trip"], TravelRequest.Status.CANCELLED, "hr")
    assert not steps_waiting_for(user("head_rd")).exists()


def test_switching_the_login_off_cancels_them_too(item):
    from offboarding.sweeps import logins_deactivate_due

    resignation = approve_resignation(resign())
    filed = file_during_exit(item)
    sign_all_on_the_last_day(resignation, close=False)
    assert logins_deactivate_due(actor=user("it"), today=resignation.last_day + DAY) == 1
    assert_cancelled(filed["loan"], Loan.Status.CANCELLED, "it")
    assert_cancelled(filed["reading"], ReadingRequest.Status.CANCELLED, "it")
    assert_cancelled(filed["trip"], TravelRequest.Status.CANCELLED, "it")


def test_a_clearance_is_never_requested_for_a_leaver(demo):
    """So none can be pending at the departure: the request itself is refused."""
    resign()
    with pytest.raises(DomainError):
        request_clearance()


# --- Nothing is approved or handed out to a leaver ------------------------------------------


def test_no_step_approves_a_loan_to_a_resigning_person(item):
    loan = apply_loan(item)
    resign()
    with pytest.raises(DomainError, match="离职"):
        loans.loan_decide(actor=user("head_rd"), loan=loan, outcome="approve")
    assert fresh(loan).status == Loan.Status.REQUESTED
    # A rejection still ends it cleanly.
    loans.loan_decide(actor=user("head_rd"), loan=loan, outcome="reject", comment="已提出离职")
    assert fresh(loan).status == Loan.Status.REJECTED


def test_no_clerk_hands_out_a_loan_to_a_resigning_person(item):
    loan = approve_loan(apply_loan(item))
    resign()
    with pytest.raises(DomainError, match="离职"):
        loans.loan_hand_out(actor=user("archivist"), loan=loan, borrower_signed=True)
    assert fresh(loan).status == Loan.Status.APPROVED


def test_no_step_approves_reading_or_clearance_to_a_resigning_person(item):
    request = request_reading(item)
    clearance = request_clearance()
    resign()
    with pytest.raises(DomainError, match="离职"):
        reading.request_decide(actor=user("head_rd"), request=request, outcome="approve")
    with pytest.raises(DomainError, match="离职"):
        clearance_services.clearance_decide(
            actor=user("head_rd"), clearance=clearance, outcome="approve"
        )
    assert fresh(request).status == ReadingRequest.Status.REQUESTED
    assert fresh(clearance).status == Clearance.Status.REQUESTED


def test_nothing_is_approved_or_handed_out_to_a_departed_person(item):
    resignation = approve_resignation(resign())
    loan = apply_loan(item)
    sign_all_on_the_last_day(resignation)
    assert employee("R0002").status == Employee.Status.DEPARTED
    assert fresh(loan).status == Loan.Status.CANCELLED
    assert not may_receive_access(employee("R0002"))
    with pytest.raises(DomainError, match="离职"):
        require_may_receive_access(employee("R0002"))
    assert ChecklistItem.objects.filter(signed_at__isnull=True).count() == 0


def test_a_trip_in_the_decryption_period_is_still_approved(item):
    """F9: a leaver in their decryption period asks before travelling abroad; that approval
    is a restriction kept on them, not access given to them."""
    approve_resignation(resign())
    trip = request_trip()
    travel.travel_decide(actor=user("head_rd"), travel=trip, outcome="approve")
    assert fresh(trip).chain.current_step().role == "security_officer"
