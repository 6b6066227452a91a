import datetime

import pytest
import time_machine
from django.utils import timezone

from approvals.models import ApprovalChain, ApprovalStep, Decision
from core.errors import DomainError
from core.models import Notification
from offboarding import services
from offboarding.models import ChecklistItem, DecryptionPeriod, Resignation
from personnel.models import Agreement, Employee, Tier

from .conftest import CHAIN, decide, employee, exit_education_attend, user

pytestmark = pytest.mark.django_db


# --- F1: notice -----------------------------------------------------------------------


def test_it_refuses_notice_shorter_than_30_days(submit):
    with pytest.raises(DomainError) as error:
        submit(days=29)
    assert "30" in error.value.message
    assert not Resignation.objects.exists() and not ApprovalChain.objects.exists()
    assert employee("C0002").status == Employee.Status.ACTIVE


def test_it_accepts_exactly_30_days(submit):
    resignation = submit(days=30)
    assert resignation.notice_days == 30
    assert employee("C0002").status == Employee.Status.RESIGNING
    assert resignation.chain.current_step().order == 1


def test_dates_are_counted_in_shanghai(submit):
    # 17:00 UTC on 23 Nov is 01:00 on 24 Nov in Shanghai: notice counts from the 24th.
    with time_machine.travel(datetime.datetime(2026, 11, 23, 17, 0, tzinfo=datetime.UTC)):
        assert timezone.localdate() == datetime.date(2026, 11, 24)
        with pytest.raises(DomainError):
            services.resignation_submit(
                actor=user("emp_cs"),
                employee=employee("C0002"),
                last_day=datetime.date(2026, 12, 23),
                reason="x",
            )
        resignation = services.resignation_submit(
            actor=user("emp_cs"),
            employee=employee("C0002"),
            last_day=datetime.date(2026, 12, 24),
            reason="x",
        )
    assert resignation.submitted_on == datetime.date(2026, 11, 24)


def test_hr_may_override_the_notice_with_a_reason(submit):
    resignation = submit(who="hr", days=10, override_reason="家庭原因，部门同意提前离职")
    assert resignation.notice_override_reason and resignation.notice_days == 10


def test_hr_cannot_override_without_a_reason(submit):
    with pytest.raises(DomainError):
        submit(who="hr", days=10, override_reason="  ")


def test_an_employee_cannot_override(submit):
    with pytest.raises(DomainError):
        submit(days=10, override_reason="我想早点走")
    assert not Resignation.objects.exists()


def test_nobody_resigns_for_someone_else_but_hr(submit):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        submit(who="head_cs")


def test_a_second_open_resignation_is_refused(submit):
    submit()
    with pytest.raises(DomainError):
        submit(who="hr")


# --- F2/F3: the chain -------------------------------------------------------------------


def test_the_five_steps_in_order_then_the_checklist_opens(approved):
    assert approved.status == Resignation.Status.EXIT
    decisions = Decision.objects.filter(step__chain=approved.chain).order_by("step__order")
    assert [d.decider.username for d in decisions] == CHAIN
    assert approved.head_signed_by == user("head_cs") and approved.handover_arrangements
    kinds = list(approved.checklist.items.values_list("kind", flat=True))
    assert ChecklistItem.Kind.HANDOVER in kinds and ChecklistItem.Kind.BILATERAL not in kinds
    assert approved.approved_on == timezone.localdate()


@pytest.mark.parametrize(
    "username, reason",
    [
        ("head_rd", "head of another department"),
        ("hr", "skipped ahead: it is the department head's turn"),
        ("gm", "skipped role"),
        ("emp_cs", "own request"),
        ("auditor", "no approving role"),
    ],
)
def test_only_the_right_person_decides_the_first_step(submit, username, reason):
    resignation = submit()
    with pytest.raises(DomainError):
        decide(resignation, username)
    assert not Decision.objects.exists(), reason
    assert resignation.chain.current_step().order == 1


def test_out_of_order_later_roles_are_refused(submit):
    resignation = submit()
    decide(resignation, "head_cs")
    for username in ["hr_head", "vp", "gm"]:
        with pytest.raises(DomainError):
            decide(resignation, username)
    assert Decision.objects.count() == 1


def test_a_step_decided_twice_is_refused(submit):
    resignation = submit()
    decide(resignation, "head_cs")
    with pytest.raises(DomainError):
        decide(resignation, "head_cs")
    assert Decision.objects.count() == 1


def test_hr_filing_the_letter_still_gives_the_admin_opinion(submit):
    resignation = submit(who="hr")
    assert resignation.chain.requested_by == user("emp_cs")  # the request is the employee's
    decide(resignation, "head_cs")
    decide(resignation, "hr")
    assert resignation.chain.current_step().order == 3


def test_the_opinion_form_needs_the_handover(submit):
    resignation = submit()
    with pytest.raises(DomainError):
        decide(resignation, "head_cs", handover_arrangements=" ")
    assert not Decision.objects.exists()


def test_a_rejection_needs_a_reason_and_tells_everyone_earlier(submit):
    resignation = submit()
    decide(resignation, "head_cs")
    with pytest.raises(DomainError):
        decide(resignation, "hr", outcome=Decision.Outcome.REJECT, comment="")
    decide(resignation, "hr", outcome=Decision.Outcome.REJECT, comment="项目交付期，暂缓")
    resignation.refresh_from_db()
    assert resignation.status == Resignation.Status.REJECTED
    assert employee("C0002").status == Employee.Status.ACTIVE
    told = set(
        Notification.objects.filter(
            dedupe_key=f"approvals:rejected:{resignation.chain_id}"
        ).values_list("recipient__username", flat=True)
    )
    assert {"emp_cs", "head_cs", "hr"} <= told
    steps = resignation.chain.steps.values_list("status", flat=True)
    assert list(steps) == ["approved", "rejected", "cancelled", "cancelled", "cancelled"]
    with pytest.raises(DomainError):
        decide(resignation, "hr_head")


def test_a_resigning_department_head_is_signed_for_by_the_admin_head(demo):
    resignation = services.resignation_submit(
        actor=user("head_rd"),
        employee=employee("R0001"),
        last_day=timezone.localdate() + datetime.timedelta(days=40),
        reason="退休",
    )
    first = resignation.chain.current_step()
    assert first.role == "hr_head" and first.department is None
    decide(resignation, "hr_head")
    assert resignation.chain.current_step().order == 2


def test_withdrawal_by_the_employee(submit):
    resignation = submit()
    services.resignation_withdraw(actor=user("emp_cs"), resignation=resignation)
    resignation.refresh_from_db()
    assert resignation.status == Resignation.Status.WITHDRAWN
    assert resignation.chain.status == ApprovalChain.Status.CANCELLED
    assert employee("C0002").status == Employee.Status.ACTIVE
    with pytest.raises(DomainError):
        services.resignation_withdraw(actor=user("emp_cs"), resignation=resignation)


def test_every_step_is_in_the_history_with_its_actor(approved):
    users = set(
        ApprovalStep.history.filter(chain_id=approved.chain_id).values_list(
            "history_user__username", flat=True
        )
    )
    assert set(CHAIN) <= users


# --- F5–F8: the checklist ----------------------------------------------------------------


def sign(resignation, kind, username):
    item = resignation.checklist.items.get(kind=kind)
    return services.checklist_item_sign(actor=user(username), item=item)


SIGNERS = {
    ChecklistItem.Kind.HANDOVER: "head_cs",
    ChecklistItem.Kind.CLASSIFIED_RETURN: "archivist",
    ChecklistItem.Kind.CREDENTIALS: "head_cs",
    ChecklistItem.Kind.ACCESS_REVOKED: "it",
    ChecklistItem.Kind.EQUIPMENT: "it",
    ChecklistItem.Kind.EXIT_EDUCATION: "hr",
    ChecklistItem.Kind.EXIT_COMMITMENT: "hr",
    ChecklistItem.Kind.BILATERAL: "hr",
    ChecklistItem.Kind.LEAVING_DOCUMENTS: "hr",
}


def test_the_checklist_cannot_close_while_an_item_is_open(approved):
    sign(approved, ChecklistItem.Kind.HANDOVER, "head_cs")
    with pytest.raises(DomainError) as error, time_machine.travel(approved.last_day):
        services.checklist_close(actor=user("hr"), checklist=approved.checklist)
    assert "系统权限已注销" in error.value.message and "工作交接" not in error.value.message
    approved.checklist.refresh_from_db()
    assert approved.checklist.closed_at is None


def test_leaving_documents_come_last(approved):
    with pytest.raises(DomainError):
        sign(approved, ChecklistItem.Kind.LEAVING_DOCUMENTS, "hr")


def test_items_are_signed_only_by_their_role(approved):
    for kind, wrong in [
        (ChecklistItem.Kind.ACCESS_REVOKED, "archivist"),
        (ChecklistItem.Kind.HANDOVER, "head_rd"),
        (ChecklistItem.Kind.CLASSIFIED_RETURN, "emp_cs"),
    ]:
        with pytest.raises(DomainError):
            sign(approved, kind, wrong)
    assert not approved.checklist.items.filter(signed_at__isnull=False).exists()


def test_a_full_checklist_closes_and_the_person_has_left(approved):
    with time_machine.travel(approved.last_day):
        exit_education_attend(approved)
        for item in approved.checklist.items.exclude(kind=ChecklistItem.Kind.LEAVING_DOCUMENTS):
            sign(approved, item.kind, SIGNERS[item.kind])
        sign(approved, ChecklistItem.Kind.LEAVING_DOCUMENTS, "hr")
        services.checklist_close(actor=user("hr"), checklist=approved.checklist)
    approved.refresh_from_db()
    assert approved.status == Resignation.Status.COMPLETED
    assert employee("C0002").status == Employee.Status.DEPARTED
    assert employee("C0002").agreements.filter(kind=Agreement.Kind.EXIT_COMMITMENT).exists()


def test_technical_staff_also_sign_the_bilateral_agreement(demo):
    resignation = services.resignation_submit(
        actor=user("emp_rd"),
        employee=employee("R0002"),
        last_day=timezone.localdate() + datetime.timedelta(days=30),
        reason="深造",
    )
    for username in ["head_rd", *CHAIN[1:]]:
        decide(resignation, username)
    resignation.refresh_from_db()
    sign(resignation, ChecklistItem.Kind.BILATERAL, "hr")
    assert employee("R0002").agreements.filter(kind=Agreement.Kind.BILATERAL).exists()


# --- C1: access revoked -------------------------------------------------------------------


def test_signing_access_after_the_last_day_deactivates_at_once(approved):
    emp = user("emp_cs")
    assert emp.is_active
    with time_machine.travel(approved.last_day + datetime.timedelta(days=1)):
        sign(approved, ChecklistItem.Kind.ACCESS_REVOKED, "it")
    emp.refresh_from_db()
    assert not emp.is_active and not emp.groups.exists()


def test_a_leaving_head_loses_every_object_permission(demo):
    from offboarding.sweeps import logins_deactivate_due
    from personnel.models import EmployeeUserObjectPermission
    from personnel.selectors import visible_employees

    head = user("head_cs")
    assert EmployeeUserObjectPermission.objects.filter(user=head).exists()
    resignation = services.resignation_submit(
        actor=head,
        employee=employee("C0001"),
        last_day=timezone.localdate() + datetime.timedelta(days=30),
        reason="调动",
    )
    for username in ["hr_head", *CHAIN[1:]]:
        decide(resignation, username)
    resignation.refresh_from_db()
    with time_machine.travel(resignation.last_day):
        sign(resignation, ChecklistItem.Kind.ACCESS_REVOKED, "it")
    assert head.is_active  # the last day is not over yet
    assert logins_deactivate_due(actor=user("it"), today=resignation.last_day) == 0
    after = resignation.last_day + datetime.timedelta(days=1)
    assert logins_deactivate_due(actor=user("it"), today=after) == 1
    head.refresh_from_db()
    assert not head.is_active
    assert not EmployeeUserObjectPermission.objects.filter(user=head).exists()
    assert employee("C0001").headed_departments.count() == 0
    assert list(visible_employees(head)) == []  # inactive: sees nothing


# --- F9: the decryption period -------------------------------------------------------------


@pytest.mark.parametrize(
    "no, username, head, tier, years",
    [
        ("R0002", "emp_rd", "head_rd", Tier.CORE, 3),
        ("C0001", "head_cs", "hr_head", Tier.IMPORTANT, 2),
        ("C0002", "emp_cs", "head_cs", Tier.GENERAL, 1),
    ],
)
def test_decryption_period_by_tier(demo, no, username, head, tier, years):
    resignation = services.resignation_submit(
        actor=user(username),
        employee=employee(no),
        last_day=timezone.localdate() + datetime.timedelta(days=31),
        reason="x",
    )
    for decider in [head, *CHAIN[1:]]:
        decide(resignation, decider)
    period = DecryptionPeriod.objects.get(employee__employee_no=no)
    start = timezone.localdate()
    assert period.tier == tier and period.starts_on == start
    assert period.ends_on == services.add_months(start, 12 * years)
    assert employee(no).decryption_ends_on == period.ends_on
    assert employee(no).in_decryption_period


def test_non_classified_staff_have_no_decryption_period(demo):
    resignation = services.resignation_submit(
        actor=user("hr"),
        employee=employee("C0005"),
        last_day=timezone.localdate() + datetime.timedelta(days=30),
        reason="x",
    )
    for decider in CHAIN:
        decide(resignation, decider)
    resignation.refresh_from_db()
    assert resignation.status == Resignation.Status.EXIT
    assert not DecryptionPeriod.objects.exists()


def test_decryption_months_come_from_settings(demo, settings):
    settings.DECRYPTION_MONTHS = {**settings.DECRYPTION_MONTHS, "general": 6}
    resignation = services.resignation_submit(
        actor=user("emp_cs"),
        employee=employee("C0002"),
        last_day=timezone.localdate() + datetime.timedelta(days=30),
        reason="x",
    )
    for decider in CHAIN:
        decide(resignation, decider)
    period = DecryptionPeriod.objects.get()
    assert period.ends_on == services.add_months(period.starts_on, 6)


def test_add_months_clamps_to_the_month_end():
    assert services.add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
    assert services.add_months(datetime.date(2028, 2, 29), 12) == datetime.date(2029, 2, 28)
