"""Demo additions above personnel's: candidates (one failing a check), a temporary clearance
ending within a week, a clearance in approval. Idempotent. Reviews fall due by themselves
(every classified demo employee was hired over a year ago and never reviewed)."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from approvals.models import Decision
from clearance.models import Clearance
from clearance.services import grants as clearance
from personnel.models import Department, Employee, Position

from . import services
from .models import Candidate

CANDIDATES = [
    # name, id number, department, post, checks (A–D), eligible
    ("赵敏", "110101199203150024", "RD", "研发工程师", ("pass", "pass", "pass", "pass"), True),
    ("钱程", "310101199507300033", "CS", "客服专员", ("pass", "fail", "pass", "pass"), True),
    ("孙悦", "440101199811110049", "CS", "客服助理", ("pass", "pass", "", ""), None),
]


@transaction.atomic
def seed_onboarding_demo() -> None:
    users = get_user_model().objects
    hr, security, head_cs = (
        users.get(username="hr"),
        users.get(username="security"),
        users.get(username="head_cs"),
    )
    for name, id_number, dept, post, checks, eligible in CANDIDATES:
        if Candidate.objects.filter(id_number=id_number).exists():
            continue
        candidate = services.candidate_register(
            actor=hr,
            name=name,
            id_number=id_number,
            department=Department.objects.get(code=dept),
            position=Position.objects.get(department__code=dept, title=post),
        )
        results = dict(zip(Candidate.CHECKS, checks, strict=True))
        if eligible is not None:
            results.update({condition: eligible for condition in Candidate.CONDITIONS})
        services.vetting_record(actor=hr, candidate=candidate, **results)
    if not Clearance.objects.exists():
        today = timezone.localdate()
        temporary = clearance.clearance_request(
            actor=hr,
            employee=Employee.objects.get(employee_no="C0005"),
            level="confidential",
            temporary=True,
            valid_from=today - datetime.timedelta(days=80),
            valid_until=today + datetime.timedelta(days=5),
            reason="协助整理客户档案",
        )
        for decider in (head_cs, security):
            clearance.clearance_decide(
                actor=decider, clearance=temporary, outcome=Decision.Outcome.APPROVE
            )
        clearance.clearance_request(
            actor=users.get(username="head_rd"),
            employee=Employee.objects.get(employee_no="R0002"),
            level="top_secret",
            valid_from=today,
            reason="核心项目研发",
        )
