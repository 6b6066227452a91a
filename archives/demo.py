"""Demo archive for `manage.py seed_demo`: clearances for the demo logins, about 40 items
over the four levels and several departments, loans (one overdue), one reading request
waiting at each step and one missing item. Idempotent: skipped once items exist."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from approvals.models import Decision
from audit.history import save_recorded
from clearance.models import Clearance
from core.classification import DEFAULT_SECRECY_YEARS, Level
from personnel.models import Department, Employee
from personnel.services.accounts import system_user

from .models import ArchiveItem, ItemMovement
from .services import catalogue, inspections, loans, missing, reading
from .sweeps import archive_sweep

# Demo logins and the clearance the security office has granted them.
CLEARANCES = {
    "security": Level.TOP_SECRET,
    "gm": Level.TOP_SECRET,
    "vp": Level.TOP_SECRET,
    "head_rd": Level.TOP_SECRET,
    "emp_rd": Level.SECRET,
    "archivist": Level.SECRET,
    "hr_head": Level.SECRET,
    "head_cs": Level.SECRET,
    "info_spec": Level.CONFIDENTIAL,
    "emp_cs": Level.CONFIDENTIAL,
    "auditor": Level.CONFIDENTIAL,
}

TITLES = {
    "RD": [
        "型号总体设计方案",
        "关键算法源代码说明",
        "测试大纲与测试报告",
        "研发项目立项书",
        "技术评审会议纪要",
        "专利申请技术交底书",
        "样机试验数据汇编",
        "研发周报汇编",
    ],
    "CS": [
        "重点客户档案",
        "客户投诉处理记录",
        "客户回访记录",
        "客户合同台账",
        "客户信息统计报表",
        "售后服务工单汇编",
    ],
    "ADM": ["人事档案目录", "保密协议汇编", "年度保密工作总结", "档案室检查记录"],
    "SEC": ["泄密事件调查报告", "涉密人员名册", "保密检查通报"],
    "GMO": ["董事会决议", "年度经营计划", "重大合同审批件"],
}
LEVEL_CYCLE = [
    Level.INTERNAL,
    Level.CONFIDENTIAL,
    Level.SECRET,
    Level.INTERNAL,
    Level.CONFIDENTIAL,
    Level.TOP_SECRET,
    Level.INTERNAL,
    Level.SECRET,
]
CUSTODIANS = {Level.SECRET: "A0003", Level.TOP_SECRET: "S0001"}  # the clerk, the security office


def _user(name):
    return get_user_model().objects.get(username=name)


@transaction.atomic
def seed_archives_demo() -> dict[str, int]:
    if ArchiveItem.objects.exists():
        return {"items": 0}
    _clearances(_user("security"))
    items = _items()
    _loans(items)
    _requests(items)
    missing.missing_report(
        actor=_user("archivist"),
        item=items["CS"][1],
        missing_since=timezone.localdate() - datetime.timedelta(days=3),
        note="年中盘点时未找到",
    )
    _care(items)
    archive_sweep(actor=system_user())
    return {"items": ArchiveItem.objects.count()}


def _care(items) -> None:
    """Two items past their retention (proposed for destruction on the destruction page)
    and this half-year's inspection, planned."""
    clerk, adm = _user("archivist"), Department.objects.get(code="ADM")
    for number, title in [(901, "2010年度考勤记录"), (902, "2012年度办公用品台账")]:
        catalogue.item_register(
            actor=clerk,
            catalogue_no=f"ADM-2012-{number}",
            title=title,
            level=Level.INTERNAL,
            retention_years=10,
            location="一号库房5排",
            copies=1,
            department=adm,
            handed_over_by="行政部内勤",
            registered_on=datetime.date(2012, 12, 31),
        )
    inspections.inspection_plan(
        actor=clerk,
        title="下半年档案检查",
        planned_on=timezone.localdate() + datetime.timedelta(days=20),
    )


def _clearances(office) -> None:
    start = timezone.localdate() - datetime.timedelta(days=200)
    for username, level in CLEARANCES.items():
        employee = Employee.objects.get(user__username=username)
        if Clearance.objects.filter(employee=employee, status=Clearance.Status.GRANTED).exists():
            continue
        save_recorded(
            Clearance(
                employee=employee,
                level=level,
                valid_from=start,
                reason="岗位需要（演示数据）",
                requested_by=office,
                status=Clearance.Status.GRANTED,
            ),
            office,
        )


def _items() -> dict[str, list[ArchiveItem]]:
    clerk = _user("archivist")
    result = {}
    index = 0
    for code, titles in TITLES.items():
        department = Department.objects.get(code=code)
        result[code] = []
        # Second volumes in the two big departments: about 40 items in all.
        volumes = titles * 2 if code in ("RD", "CS") else titles
        for number, title in enumerate(volumes, start=1):
            level = LEVEL_CYCLE[index % len(LEVEL_CYCLE)]
            index += 1
            suffix = "" if number <= len(titles) else "（副本卷）"
            result[code].append(_item(clerk, department, number, title + suffix, level))
    return result


def _item(clerk, department, number, title, level) -> ArchiveItem:
    facts = dict(
        catalogue_no=f"{department.code}-{timezone.localdate().year}-{number:03d}",
        title=title,
        level=level,
        retention_years=10 + number % 3 * 10,
        location=f"{'二号机要库' if level in CUSTODIANS else '一号库房'}{number % 4 + 1}排",
        copies=1 + number % 3,
        department=department,
    )
    custodian = Employee.objects.get(employee_no=CUSTODIANS[level]) if level in CUSTODIANS else None
    if level != Level.TOP_SECRET:
        return catalogue.item_register(
            actor=clerk, custodian=custodian, handed_over_by=f"{department.name}内勤", **facts
        )
    # 绝密 is above the clerk's own clearance: the security office keeps those by hand.
    security = _user("security")
    item = ArchiveItem(
        **facts,
        custodian=custodian,
        registered_on=timezone.localdate(),
        secrecy_years=DEFAULT_SECRECY_YEARS[Level.TOP_SECRET],
    )
    save_recorded(item, security)
    save_recorded(
        ItemMovement(
            item=item,
            kind=ItemMovement.Kind.INTAKE,
            occurred_on=item.registered_on,
            handed_over_by=f"{department.name}内勤",
            received_by="郑涛",
            recorded_by=security,
        ),
        security,
    )
    return item


def _approved_loan(borrower, head, item, days, copies=1):
    due = timezone.localdate() + datetime.timedelta(days=days)
    loan = loans.loan_apply(
        actor=_user(borrower), item=item, copies=copies, reason="工作需要核对", due_date=due
    )
    for name in (head, "info_spec"):
        loans.loan_decide(
            actor=_user(name), loan=loan, outcome=Decision.Outcome.APPROVE, comment="同意"
        )
    return loan


def _loans(items) -> None:
    clerk = _user("archivist")
    internal_cs = [i for i in items["CS"] if i.level == Level.INTERNAL]
    internal_rd = [i for i in items["RD"] if i.level == Level.INTERNAL]
    returned = _approved_loan("emp_cs", "head_cs", internal_cs[0], 2)
    loans.loan_hand_out(actor=clerk, loan=returned, borrower_signed=True)
    loans.loan_return(actor=clerk, loan=returned, borrower_signed=True)
    out = _approved_loan("emp_rd", "head_rd", internal_rd[0], 2)
    loans.loan_hand_out(actor=clerk, loan=out, borrower_signed=True)
    overdue = loans.loan_hand_out(
        actor=clerk,
        borrower_signed=True,
        loan=_approved_loan("emp_cs", "head_cs", internal_cs[1], 1),
    )
    # Demo only: back-date it so the sweep finds it overdue (the history keeps the change).
    overdue.due_date = timezone.localdate() - datetime.timedelta(days=2)
    overdue.handed_out_at = timezone.now() - datetime.timedelta(days=5)
    save_recorded(overdue, system_user())
    _approved_loan("emp_rd", "head_rd", internal_rd[1], 3)  # approved, waiting to be handed out
    loans.loan_apply(
        actor=_user("emp_cs"),
        item=internal_cs[2],
        copies=1,
        reason="客户回访",
        due_date=timezone.localdate() + datetime.timedelta(days=3),
    )


def _ask(username, item, *deciders):
    request = reading.reading_request(
        actor=_user(username), item=item, purpose="工作查阅", reason="核对项目资料"
    )
    for name in deciders:
        reading.request_decide(
            actor=_user(name), request=request, outcome=Decision.Outcome.APPROVE, comment="同意"
        )
    return request


def _requests(items) -> None:
    """One request waiting at each step: the head, the archive, the archive's manager, and
    the second of two deciders of a 绝密 authorization. A 机密/绝密 item is asked for by the
    security office, one of the few the catalogue shows it to (nobody asks for an item they
    may not know exists)."""
    first = {level: next(i for i in items["RD"] if i.level == level) for level in LEVEL_CYCLE}
    cs_internal = next(i for i in items["CS"] if i.level == Level.INTERNAL)
    _ask("emp_cs", cs_internal)  # waits for head_cs
    _ask("emp_rd", first[Level.CONFIDENTIAL], "head_rd")  # waits for the archivist
    _ask("security", first[Level.SECRET], "hr_head", "archivist")  # waits for hr_head
    _ask("security", first[Level.TOP_SECRET], "hr_head", "archivist", "hr_head", "gm")
