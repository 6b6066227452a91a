"""Scale data for the archive benchmark: `manage.py seed_scale_archives` after `seed_scale`.

100,000 catalogue items and 20,000 loans, with their history rows through simple_history's
bulk helper; logins `archivist` (机密 clearance, sees every item within it) and
`emp_general` (a general-tier employee cleared for 秘密). Skips when items exist.
"""

import datetime
import random
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.administrators import SECADMIN
from accounts.services import roles_set
from archives.models import ArchiveItem, Loan, retention_end
from audit.history import save_recorded
from clearance.models import Clearance
from core.classification import DEFAULT_SECRECY_YEARS, Level
from personnel.demo import DEMO_PASSWORD
from personnel.models import Department, Employee, Tier
from personnel.roles import Role
from personnel.services.accounts import login_create, system_user

BATCH = 5000
LEVEL_WEIGHTS = {Level.INTERNAL: 40, Level.CONFIDENTIAL: 30, Level.SECRET: 20, Level.TOP_SECRET: 10}
WORDS = "项目 客户 合同 技术 方案 报告 纪要 台账 图纸 数据 评审 测试 年度 季度 采购".split()
KINDS = ["汇编", "记录", "说明书", "登记表", "总结", "通报", "清单", "档案"]


class Command(BaseCommand):
    help = "Load 100,000 archive items and 20,000 loans for benchmarks (after seed_scale)."

    def add_arguments(self, parser):
        parser.add_argument("--items", type=int, default=100_000)
        parser.add_argument("--loans", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, items, loans, seed, **options):
        if not settings.DEBUG:
            raise CommandError("seed_scale_archives refuses to run with DEBUG off.")
        if not Employee.objects.exists():
            raise CommandError("Run seed_scale first.")
        if ArchiveItem.objects.exists():
            self.stdout.write("seed_scale_archives: items already exist, nothing done.")
            return
        started = time.monotonic()
        made = seed_scale_archives(items, loans, random.Random(seed))
        with connection.cursor() as cursor:
            # As autovacuum would leave a live database: statistics, the visibility map, and
            # the level tallies' dead rows (the trigger updated them once per item loaded).
            cursor.execute("VACUUM ANALYZE")
        self.stdout.write(
            f"seed_scale_archives: {made['items']} items, {made['loans']} loans "
            f"in {time.monotonic() - started:.1f} s."
        )


@transaction.atomic
def seed_scale_archives(total_items: int, total_loans: int, rng: random.Random) -> dict:
    actor = system_user()
    archivist = _login("archivist", Tier.IMPORTANT, Level.SECRET, [Role.ARCHIVIST], actor)
    _login("emp_general", Tier.GENERAL, Level.CONFIDENTIAL, [], actor)
    items = _items(total_items, rng, actor)
    loans = _loans(total_loans, items, rng, archivist.user, actor)
    return {"items": len(items), "loans": len(loans)}


def _login(username, tier, level, roles, actor) -> Employee:
    """An active employee of that tier gets a login (by `hr`) and a granted clearance."""
    hr = get_user_model().objects.get(username="hr")
    free = Employee.objects.filter(tier=tier, status=Employee.Status.ACTIVE, user__isnull=True)
    employee = free.order_by("employee_no").first()
    employee = login_create(actor=hr, employee=employee, username=username, password=DEMO_PASSWORD)
    if roles:  # roles are the security administrator's to grant (C10)
        secadmin = get_user_model().objects.get(username=SECADMIN)
        roles_set(actor=secadmin, user=employee.user, roles=[Role.EMPLOYEE, *roles])
    start = timezone.localdate() - datetime.timedelta(days=30)
    clearance = Clearance(
        employee=employee,
        level=level,
        reason="基准测试",
        valid_from=start,
        requested_by=actor,
        status=Clearance.Status.GRANTED,
    )
    save_recorded(clearance, actor)
    return employee


def _items(total, rng, actor) -> list[ArchiveItem]:
    departments = list(Department.objects.all())
    custodians = list(
        Employee.objects.filter(
            tier__in=[Tier.CORE, Tier.IMPORTANT], status=Employee.Status.ACTIVE
        ).values_list("pk", flat=True)[:500]
    )
    levels, weights = list(LEVEL_WEIGHTS), list(LEVEL_WEIGHTS.values())
    rows = []
    for number in range(1, total + 1):
        level = rng.choices(levels, weights)[0]
        department = rng.choice(departments)
        # bulk_create skips save(): the derived end of retention is set here.
        registered = datetime.date(2006, 1, 1) + datetime.timedelta(days=rng.randrange(7000))
        years = rng.choice((10, 30, 50))
        rows.append(
            ArchiveItem(
                catalogue_no=f"{department.code}-{number:07d}",
                title=f"{rng.choice(WORDS)}{rng.choice(WORDS)}{rng.choice(KINDS)}第{number}卷",
                level=level,
                secrecy_years=DEFAULT_SECRECY_YEARS.get(level),
                retention_years=years,
                location=f"{rng.randint(1, 6)}号库房{rng.randint(1, 40)}排",
                copies=rng.randint(1, 3),
                department=department,
                custodian_id=rng.choice(custodians)
                if level in (Level.SECRET, Level.TOP_SECRET)
                else None,
                registered_on=registered,
                retention_until=retention_end(registered, years),
            )
        )
    return bulk_create_with_history(rows, ArchiveItem, batch_size=BATCH, default_user=actor)


def _loans(total, items, rng, clerk, actor) -> list[Loan]:
    borrowers = list(
        Employee.objects.filter(status=Employee.Status.ACTIVE).values_list("pk", flat=True)[:3000]
    )
    now = timezone.now()
    rows = []
    for _number in range(total):
        item = rng.choice(items)
        out = now - datetime.timedelta(days=rng.randrange(730), hours=rng.randrange(10))
        returned = out + datetime.timedelta(days=rng.randint(0, 3))
        rows.append(
            Loan(
                item=item,
                borrower_id=rng.choice(borrowers),
                copies=1,
                reason="工作需要",
                due_date=(out + datetime.timedelta(days=3)).date(),
                requested_by=clerk,
                status=Loan.Status.RETURNED,
                handed_out_at=out,
                handed_out_by=clerk,
                borrower_signed_out=True,
                returned_at=returned,
                received_by=clerk,
                borrower_signed_return=True,
            )
        )
    return bulk_create_with_history(rows, Loan, batch_size=BATCH, default_user=actor)
