"""Scale data for benchmarks: `manage.py seed_scale --employees 10000`.

Rows go in with simple_history's bulk helper (one history row each, no per-row save) and
department heads are appointed through the service, so guardian object rights exist exactly
as in production. Skips when employees already exist.
"""

import random
import time
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from simple_history.utils import bulk_create_with_history

from accounts.administrators import ADMINISTRATORS
from accounts.services import administrators_create
from personnel.demo import DEMO_PASSWORD
from personnel.models import Agreement, Department, Employee, Position, Tier
from personnel.roles import Role
from personnel.services.org import department_set_head

User = get_user_model()
BATCH = 2000

# code, name, technical, relative size
DEPARTMENTS = [
    ("RD", "研发部", True, 14),
    ("QA", "测试部", True, 6),
    ("IT", "信息科技部", True, 5),
    ("DC", "数据中心", True, 4),
    ("PM", "产品部", True, 4),
    ("PRD", "生产部", False, 16),
    ("QM", "质量管理部", False, 4),
    ("SAL", "销售部", False, 10),
    ("MKT", "市场部", False, 5),
    ("CS", "客服部", False, 8),
    ("PUR", "采购部", False, 3),
    ("FIN", "财务部", False, 3),
    ("HR", "人力资源部", False, 2),
    ("ADM", "行政部", False, 3),
    ("LEG", "法务部", False, 1),
    ("AUD", "审计部", False, 1),
    ("SEC", "保密办", False, 1),
    ("ARC", "档案室", False, 1),
    ("SAF", "安全保卫部", False, 3),
    ("GMO", "总经理办公室", False, 1),
]

# Positions of every department: title suffix, secret post, required tier, relative weight.
POSITIONS = [
    ("负责人", True, Tier.CORE, 0),  # the head's post; weight 0: only the head holds it
    ("主管", True, Tier.IMPORTANT, 6),
    ("骨干", True, Tier.IMPORTANT, 12),
    ("专员", True, Tier.GENERAL, 30),
    ("助理", False, Tier.NONE, 35),
    ("实习生", False, Tier.NONE, 5),
]
TECH_POSITIONS = [("核心研发", True, Tier.CORE, 10)]
NO_POSITION_WEIGHT = 4

STATUS_WEIGHTS = {
    Employee.Status.ACTIVE: 88,
    Employee.Status.DEPARTED: 7,
    Employee.Status.RESIGNING: 3,
    Employee.Status.CANDIDATE: 2,
}
TYPE_WEIGHTS = {
    Employee.EmploymentType.FORMAL: 70,
    Employee.EmploymentType.CONTRACT: 12,
    Employee.EmploymentType.TEMPORARY: 5,
    Employee.EmploymentType.INTERN: 5,
    Employee.EmploymentType.OUTSOURCED: 5,
    Employee.EmploymentType.PARTNER: 3,
}
TIER_ORDER = [Tier.CORE, Tier.IMPORTANT, Tier.GENERAL, Tier.NONE]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰飞鹏辉红建国文"
    "斌波宇浩凯健俊帆帅旭宁龙林欣雪梅琳晶婷倩颖佳悦晨阳博轩睿哲思怡涵雨萱"
)


class Command(BaseCommand):
    help = "Load N employees in ~20 departments for benchmarks (skips if employees exist)."

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, default=10000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, employees, seed, **options):
        if not settings.DEBUG:
            raise CommandError("seed_scale refuses to run with DEBUG off (demo passwords).")
        if employees < 2 * len(DEPARTMENTS):
            raise CommandError(f"--employees must be at least {2 * len(DEPARTMENTS)}.")
        if Employee.objects.exists():
            self.stdout.write("seed_scale: employees already exist, nothing done.")
            return
        started = time.monotonic()
        counts = seed_scale(employees, random.Random(seed))
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would leave a live database
        self.stdout.write(
            f"seed_scale: {counts['employees']} employees, {counts['departments']} departments, "
            f"{counts['positions']} positions, {counts['agreements']} agreements, "
            f"{counts['logins']} logins (password {DEMO_PASSWORD}) "
            f"in {time.monotonic() - started:.1f} s."
        )


@transaction.atomic
def seed_scale(total: int, rng: random.Random) -> dict[str, int]:
    administrators_create(passwords=dict.fromkeys(ADMINISTRATORS, DEMO_PASSWORD))
    hr, auditor = _logins(["hr", "auditor"], {"hr": [Role.HR], "auditor": [Role.AUDITOR]})
    departments = _departments(hr)
    positions = _positions(departments, hr)
    heads = _logins([f"head_{code.lower()}" for code, *_rest in DEPARTMENTS], {})
    employees = _employees(
        total, rng, departments, positions, heads, {"HR": hr, "AUD": auditor}, actor=hr
    )
    # Through the service, so the heads get their guardian rows and the dept_head group.
    for employee in employees:
        if employee.user in heads:
            department_set_head(actor=hr, department=employee.department, head=employee)
    agreements = _agreements(employees, rng, hr)
    return {
        "employees": len(employees),
        "departments": len(departments),
        "positions": sum(len(p) for p in positions.values()),
        "agreements": len(agreements),
        "logins": 2 + len(heads),
    }


def _logins(usernames, roles) -> list:
    """Users with one shared hash: hashing once keeps 22 logins from costing seconds each."""
    password = make_password(DEMO_PASSWORD)
    users = User.objects.bulk_create([User(username=name, password=password) for name in usernames])
    groups = {group.name: group for group in Group.objects.all()}
    Membership = User.groups.through
    Membership.objects.bulk_create(
        Membership(user_id=user.pk, group_id=groups[role].pk)
        for user in users
        for role in [Role.EMPLOYEE, *roles.get(user.username, [])]
    )
    return users


def _departments(actor) -> dict[str, Department]:
    created = bulk_create_with_history(
        [
            Department(code=code, name=name, is_technical=tech)
            for code, name, tech, _ in DEPARTMENTS
        ],
        Department,
        default_user=actor,
    )
    return {department.code: department for department in created}


def _positions(departments, actor) -> dict[str, list[tuple[Position, int]]]:
    """Per department code: (position, weight) pairs."""
    rows = []
    for code, name, tech, _size in DEPARTMENTS:
        for suffix, secret, tier, weight in POSITIONS + (TECH_POSITIONS if tech else []):
            title = f"{name}{suffix}" if suffix == "负责人" else suffix
            position = Position(
                department=departments[code],
                title=title,
                is_secret_post=secret,
                required_tier=tier,
                duties="严格遵守保密制度，涉密载体按规定登记、保管和销毁。" if secret else "",
            )
            rows.append((code, position, weight))
    created = bulk_create_with_history(
        [position for _code, position, _w in rows], Position, default_user=actor
    )
    result: dict[str, list] = {}
    for (code, _old, weight), position in zip(rows, created, strict=True):
        result.setdefault(code, []).append((position, weight))
    return result


def _employees(total, rng, departments, positions, heads, staff_logins, *, actor) -> list:
    sizes = _split(total, [size for *_rest, size in DEPARTMENTS])
    employees = []
    for (code, *_rest), size, head_user in zip(DEPARTMENTS, sizes, heads, strict=True):
        department = departments[code]
        posts = positions[code]
        for seq in range(1, size + 1):
            employee = _employee(rng, department, posts, f"{code}{seq:05d}")
            if seq == 1:  # the head: active, on the department's head post, with a login
                _make_login(employee, head_user, posts[0][0])
            elif seq == 2 and code in staff_logins:
                _make_login(employee, staff_logins[code], posts[1][0])
            employee.clean()  # the model's own rules (tier within the post, same department)
            employees.append(employee)
    # Several thousand rows per batch: history rows follow with no per-row save().
    return bulk_create_with_history(employees, Employee, batch_size=BATCH, default_user=actor)


def _employee(rng, department, posts, employee_no) -> Employee:
    position = rng.choices(
        [p for p, _w in posts] + [None], [w for _p, w in posts] + [NO_POSITION_WEIGHT]
    )[0]
    return Employee(
        employee_no=employee_no,
        name=rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2)))),
        department=department,
        position=position,
        employment_type=_pick(rng, TYPE_WEIGHTS),
        hire_date=date(2005, 1, 1) + timedelta(days=rng.randrange(7300)),
        status=_pick(rng, STATUS_WEIGHTS),
        tier=_tier(rng, position),
    )


def _tier(rng, position) -> str:
    """Most holders of a secret post have its tier; some a lower one (still within it)."""
    if position is None or not position.is_secret_post:
        return Tier.NONE
    allowed = TIER_ORDER[TIER_ORDER.index(position.required_tier) :]
    return allowed[0] if rng.random() < 0.8 else rng.choice(allowed)


def _make_login(employee, user, position) -> None:
    employee.user = user
    employee.position = position
    employee.tier = position.required_tier
    employee.status = Employee.Status.ACTIVE


def _agreements(employees, rng, actor) -> list[Agreement]:
    """A commitment for most classified staff, so detail pages and the dashboard have data."""
    rows = [
        Agreement(
            employee=employee,
            kind=Agreement.Kind.COMMITMENT,
            signed_on=employee.hire_date,
            note="入职时签署",
        )
        for employee in employees
        if employee.tier != Tier.NONE and rng.random() < 0.95
    ]
    return bulk_create_with_history(rows, Agreement, batch_size=BATCH, default_user=actor)


def _pick(rng, weights: dict) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def _split(total: int, weights: list[int]) -> list[int]:
    """Integer sizes proportional to weights, summing to total, none below 1."""
    sizes = [max(1, total * w // sum(weights)) for w in weights]
    sizes[0] += total - sum(sizes)
    return sizes
