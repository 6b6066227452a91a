"""`make bench`, training part: assign a month to 10,000 classified employees, twice.

Runs after bench/run.py on the same scale database (DATABASE_URL from scripts/bench.sh).
Tops the classified staff up to 10,000 in a department of its own, then times
training.sweeps.assign_monthly: the first run (bulk inserts with history) and the second
(nothing to do). Targets: under 5 s and under 1 s. Adds its figures to bench/results.json.
"""

import datetime
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from simple_history.utils import bulk_create_with_history  # noqa: E402

from personnel.models import Department, Employee, Position, Tier  # noqa: E402
from personnel.services.accounts import system_user  # noqa: E402
from training.models import Assignment  # noqa: E402
from training.sweeps import assign_monthly, monthly_audience  # noqa: E402

CLASSIFIED = 10_000
FIRST_TARGET_S, SECOND_TARGET_S = 5.0, 1.0
MONTH = datetime.date(2026, 12, 1)
RESULTS = ROOT / "bench" / "results.json"


def top_up(actor) -> int:
    missing = CLASSIFIED - monthly_audience(MONTH).count()
    if missing <= 0:
        return 0
    department, _ = Department.objects.get_or_create(code="BENCH", defaults={"name": "压测部"})
    post, _ = Position.objects.get_or_create(
        department=department,
        title="涉密专员",
        defaults={"is_secret_post": True, "required_tier": Tier.GENERAL},
    )
    people = [
        Employee(
            employee_no=f"B{n:06d}",
            name=f"压测{n}",
            department=department,
            position=post,
            hire_date=datetime.date(2020, 1, 1),
            tier=Tier.GENERAL,
        )
        for n in range(missing)
    ]
    bulk_create_with_history(people, Employee, batch_size=2000, default_user=actor)
    return missing


def timed(actor) -> tuple[float, dict]:
    start = time.perf_counter()
    result = assign_monthly(actor=actor, month=MONTH)
    return time.perf_counter() - start, result


def main() -> int:
    actor = system_user()
    added = top_up(actor)
    audience = monthly_audience(MONTH).count()
    Assignment.objects.filter(month=MONTH).delete()  # a fresh month each bench run
    first_s, first = timed(actor)
    second_s, second = timed(actor)
    figures = {
        "classified": audience,
        "topped_up": added,
        "first_run_s": round(first_s, 2),
        "first_run": first,
        "second_run_s": round(second_s, 3),
        "second_run": second,
        "history_rows": Assignment.history.filter(month=MONTH).count(),
        "pass": first_s < FIRST_TARGET_S and second_s < SECOND_TARGET_S,
    }
    print(
        f"\ntraining.assign_monthly for {audience} classified employees:"
        f"\n  first run  {first_s:6.2f} s  ({first['assigned']} assigned, "
        f"{figures['history_rows']} history rows)  target < {FIRST_TARGET_S:.0f} s"
        f"\n  second run {second_s:6.3f} s  ({second['assigned']} assigned)  "
        f"target < {SECOND_TARGET_S:.0f} s"
        f"\n{'PASS' if figures['pass'] else 'FAIL'}  monthly assignment"
    )
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["training_assign"] = figures
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    return 0 if figures["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
