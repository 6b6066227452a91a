"""Demo data for `manage.py seed_demo`: departments, secret posts, about 30 people, one login
per role. Idempotent: whatever exists already is left alone."""

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from accounts.administrators import ADMINISTRATORS, SECADMIN, SYSADMIN
from accounts.services import account_create, administrators_create, roles_set

from .models import Agreement, Department, Employee, Position, Tier
from .roles import Role, roles_sync
from .services import accounts, org, people

DEMO_PASSWORD = "Demo-2026"

R_AND_D_DUTIES = (
    "参与公司经营战略规划制定；研发项目技术形成技术文档并列为机密文件，"
    "由质控内勤人员整理，交由机密档案室归档；严格执行相关企业标准和国家标准。"
)
CS_DUTIES = "处理客户投诉与售后服务；对客户的所有信息进行保密管理，遵守保密制度。"
ARCHIVE_DUTIES = (
    "负责档案整理、编目、鉴定、统计和检索；严格履行收进和移出交接手续；"
    "正确处理利用和保密的关系，严格执行借阅、查阅登记制度。"
)

DEPARTMENTS = [
    # code, name, technical
    ("RD", "研发部", True),
    ("CS", "客服部", False),
    ("ADM", "行政部", False),
    ("SEC", "保密办", False),
    ("IT", "信息科技部", True),
    ("GMO", "总经理办公室", False),
    ("AUD", "审计部", False),
]

POSITIONS = [
    # department, title, secret post, tier, duties
    ("RD", "研发部部长", True, Tier.CORE, R_AND_D_DUTIES),
    ("RD", "研发工程师", True, Tier.CORE, R_AND_D_DUTIES),
    ("RD", "测试工程师", True, Tier.IMPORTANT, R_AND_D_DUTIES),
    ("CS", "客服部经理", True, Tier.IMPORTANT, CS_DUTIES),
    ("CS", "客服专员", True, Tier.GENERAL, CS_DUTIES),
    ("CS", "客服助理", False, Tier.NONE, ""),
    ("ADM", "行政部部长", True, Tier.IMPORTANT, ""),
    ("ADM", "人事专员", False, Tier.NONE, ""),
    ("ADM", "档案管理员", True, Tier.IMPORTANT, ARCHIVE_DUTIES),
    ("ADM", "信息管理专员", True, Tier.GENERAL, ""),
    ("SEC", "保密专员", True, Tier.CORE, ""),
    ("IT", "系统管理员", True, Tier.IMPORTANT, ""),
    ("GMO", "总经理", True, Tier.CORE, ""),
    ("GMO", "分管副总", True, Tier.CORE, ""),
    ("AUD", "审计员", True, Tier.GENERAL, ""),
]

# username, employee no, name, department, position, tier, roles
LOGINS = [
    ("hr", "A0001", "王丽", "ADM", "人事专员", Tier.NONE, [Role.HR]),
    ("hr_head", "A0002", "李娜", "ADM", "行政部部长", Tier.IMPORTANT, [Role.HR_HEAD]),
    ("vp", "G0002", "赵强", "GMO", "分管副总", Tier.CORE, [Role.VP, Role.COMMITTEE]),
    ("gm", "G0001", "陈建国", "GMO", "总经理", Tier.CORE, [Role.GM, Role.COMMITTEE]),
    ("head_rd", "R0001", "张伟", "RD", "研发部部长", Tier.CORE, []),
    ("head_cs", "C0001", "刘洋", "CS", "客服部经理", Tier.IMPORTANT, []),
    ("archivist", "A0003", "周敏", "ADM", "档案管理员", Tier.IMPORTANT, [Role.ARCHIVIST]),
    ("info_spec", "A0004", "吴婷", "ADM", "信息管理专员", Tier.GENERAL, [Role.INFO_SPECIALIST]),
    (
        "security",
        "S0001",
        "郑涛",
        "SEC",
        "保密专员",
        Tier.CORE,
        [Role.SECURITY_OFFICER, Role.COMMITTEE],
    ),
    ("it", "I0001", "孙浩", "IT", "系统管理员", Tier.IMPORTANT, [Role.IT_ADMIN]),
    ("auditor", "U0001", "马静", "AUD", "审计员", Tier.GENERAL, [Role.AUDITOR]),
    ("emp_rd", "R0002", "黄磊", "RD", "研发工程师", Tier.CORE, []),
    ("emp_cs", "C0002", "林芳", "CS", "客服专员", Tier.GENERAL, []),
]

HEADS = {"RD": "R0001", "CS": "C0001", "ADM": "A0002"}

# Staff without a login: employee no, name, department, position, tier, employment type
STAFF = [
    ("R0003", "何军", "RD", "研发工程师", Tier.CORE, Employee.EmploymentType.FORMAL),
    ("R0004", "高峰", "RD", "研发工程师", Tier.IMPORTANT, Employee.EmploymentType.FORMAL),
    ("R0005", "罗杰", "RD", "测试工程师", Tier.IMPORTANT, Employee.EmploymentType.CONTRACT),
    ("R0006", "梁雪", "RD", "测试工程师", Tier.GENERAL, Employee.EmploymentType.CONTRACT),
    ("R0007", "宋宇", "RD", None, Tier.NONE, Employee.EmploymentType.INTERN),
    ("R0008", "唐宁", "RD", "测试工程师", Tier.IMPORTANT, Employee.EmploymentType.FORMAL),
    ("C0003", "许静", "CS", "客服专员", Tier.GENERAL, Employee.EmploymentType.FORMAL),
    ("C0004", "韩梅", "CS", "客服专员", Tier.GENERAL, Employee.EmploymentType.FORMAL),
    ("C0005", "冯刚", "CS", "客服助理", Tier.NONE, Employee.EmploymentType.TEMPORARY),
    ("C0006", "邓超", "CS", "客服助理", Tier.NONE, Employee.EmploymentType.OUTSOURCED),
    ("C0007", "曹颖", "CS", "客服专员", Tier.GENERAL, Employee.EmploymentType.CONTRACT),
    ("A0005", "彭丹", "ADM", "人事专员", Tier.NONE, Employee.EmploymentType.FORMAL),
    ("A0006", "曾敏", "ADM", None, Tier.NONE, Employee.EmploymentType.INTERN),
    ("S0002", "谢飞", "SEC", "保密专员", Tier.CORE, Employee.EmploymentType.FORMAL),
    ("I0002", "董明", "IT", "系统管理员", Tier.IMPORTANT, Employee.EmploymentType.FORMAL),
    ("I0003", "袁亮", "IT", None, Tier.NONE, Employee.EmploymentType.PARTNER),
    ("U0002", "蒋华", "AUD", "审计员", Tier.GENERAL, Employee.EmploymentType.FORMAL),
]


@transaction.atomic
def seed_demo() -> dict[str, int]:
    roles_sync(Group, Permission)  # the groups may have been flushed (tests)
    administrators = administrators_create(passwords=dict.fromkeys(ADMINISTRATORS, DEMO_PASSWORD))
    (sysadmin, _new), (secadmin, _new) = administrators[SYSADMIN], administrators[SECADMIN]
    actor = _first_hr_clerk(sysadmin, secadmin)
    departments = {
        code: _department(sysadmin, code, name, tech) for code, name, tech in DEPARTMENTS
    }
    positions = {
        (dept, title): _position(sysadmin, departments[dept], title, secret, tier, duties)
        for dept, title, secret, tier, duties in POSITIONS
    }
    created = 0
    for index, (username, no, name, dept, title, tier, roles) in enumerate(LOGINS):
        employee, new = _employee(actor, departments, positions, no, name, dept, title, tier, index)
        created += new
        if username == actor.username and employee.user_id is None:
            accounts.login_attach(actor=actor, employee=employee, user=actor)
        elif employee.user_id is None:
            employee = accounts.login_create(
                actor=actor,
                employee=employee,
                username=username,
                password=DEMO_PASSWORD,
                email=f"{username}@baomi.example",
            )
            if roles:
                roles_set(actor=secadmin, user=employee.user, roles=[Role.EMPLOYEE, *roles])
    for index, (no, name, dept, title, tier, etype) in enumerate(STAFF):
        _employee_obj, new = _employee(
            actor, departments, positions, no, name, dept, title, tier, index, etype
        )
        created += new
    for code, no in HEADS.items():
        if departments[code].head_id is None:
            org.department_set_head(
                actor=actor, department=departments[code], head=Employee.objects.get(employee_no=no)
            )
    _agreements(actor)
    return {"employees_created": created, "employees_total": Employee.objects.count()}


def _first_hr_clerk(sysadmin, secadmin):
    """As at installation: the system administrator makes the HR clerk's account, the
    security administrator gives it the HR role; HR then registers everyone, itself too."""
    clerk = get_user_model().objects.filter(username="hr").first()
    if clerk is None:
        clerk = account_create(
            actor=sysadmin, username="hr", password=DEMO_PASSWORD, email="hr@baomi.example"
        )
        roles_set(actor=secadmin, user=clerk, roles=[Role.EMPLOYEE, Role.HR])
    return clerk


def _department(actor, code, name, technical):
    existing = Department.objects.filter(code=code).first()
    return existing or org.department_create(
        actor=actor, name=name, code=code, is_technical=technical
    )


def _position(actor, department, title, secret, tier, duties):
    existing = Position.objects.filter(department=department, title=title).first()
    return existing or org.position_create(
        actor=actor,
        title=title,
        department=department,
        is_secret_post=secret,
        required_tier=tier,
        duties=duties,
    )


def _employee(actor, departments, positions, no, name, dept, title, tier, index, etype=None):
    existing = Employee.objects.filter(employee_no=no).first()
    if existing:
        return existing, False
    employee = people.employee_create(
        actor=actor,
        employee_no=no,
        name=name,
        department=departments[dept],
        position=positions[(dept, title)] if title else None,
        employment_type=etype or Employee.EmploymentType.FORMAL,
        hire_date=date(2015 + index % 10, 1 + index % 12, 1 + index % 28),
        status=Employee.Status.ACTIVE,
        tier=tier,
    )
    return employee, True


def _agreements(actor):
    """Everyone classified has signed a commitment, except two, so the dashboard has work."""
    unsigned = {"R0008", "C0007"}
    classified = Employee.objects.exclude(tier=Tier.NONE).exclude(employee_no__in=unsigned)
    for employee in classified.filter(agreements__isnull=True):
        people.agreement_add(
            actor=actor,
            employee=employee,
            kind=Agreement.Kind.COMMITMENT,
            signed_on=employee.hire_date,
            note="入职时签署",
        )
