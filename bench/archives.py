"""`make bench`, archive part: the catalogue over 100,000 items as the archivist and as a
general-tier employee (both under their clearance ceiling).

Runs after bench/run.py against the same gunicorn and database (scripts/bench.sh loads
`seed_scale_archives`). Measures the first page, a search and a deep page against the floor
(the login page) and counts SQL queries per page at 10, 50 and 200 rows per page. Targets:
within 5× the floor; the same number of queries whatever the page size or the page.
Adds its figures to bench/results.json under "archives".
Usage: bench/archives.py --url http://127.0.0.1:PORT
"""

import argparse
import json
import os
import sys
import urllib.parse
import urllib.request

from run import ROOT, fetch, login, measure_pages, wait_for  # bench/run.py (django set up)

from django.contrib.auth import get_user_model  # noqa: E402  isort: skip
from django.db import connection  # noqa: E402  isort: skip
from django.test import Client  # noqa: E402  isort: skip
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402  isort: skip

from archives.models import ArchiveItem  # noqa: E402  isort: skip
from archives.selectors import visible_items  # noqa: E402  isort: skip

USERS = ("archivist", "emp_general")
RATIO_TARGET = 5.0  # × the anonymous floor (bench/run.py)
MAX_QUERIES = 10
PAGE_SIZES = (10, 50, 200)
PER_PAGE = 50
RESULTS = ROOT / "bench" / "results.json"
SEARCH = "?" + urllib.parse.urlencode({"q": "技术方案"})


def deep_page(username: str, size: int) -> int:
    """Three quarters of the way through the user's catalogue."""
    count = visible_items(get_user_model().objects.get(username=username)).count()
    return max(1, -(-count // size) * 3 // 4)


def cases() -> list[dict]:
    rows = []
    for user in USERS:
        rows += [
            {"name": "catalogue, page 1", "user": user, "path": "/archives/items/"},
            {"name": "catalogue, search", "user": user, "path": "/archives/items/" + SEARCH},
            {
                "name": "catalogue, deep page",
                "user": user,
                "path": f"/archives/items/?page={deep_page(user, PER_PAGE)}",
            },
        ]
    return rows


def count_queries(measured) -> dict:
    counts = {}
    for case in measured:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(get_user_model().objects.get(username=case["user"]))
        row = {}
        for size in PAGE_SIZES:
            path = case["path"]
            if "deep" in case["name"]:
                path = f"/archives/items/?page={deep_page(case['user'], size)}"
            with (
                override_settings(ARCHIVE_ITEMS_PER_PAGE=size),
                CaptureQueriesContext(connection) as queries,
            ):
                response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            row[size] = len(queries)
        counts[f"{case['name']} ({case['user']})"] = row
    return counts


def ceiling_in_sql() -> bool:
    """The ceiling is a WHERE condition on the level, not a filter in Python."""
    sql = str(visible_items(get_user_model().objects.get(username="emp_general")).query)
    return '"level" IN' in sql


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--repeats", type=int, default=int(os.environ.get("BENCH_REPEATS", 30)))
    args = parser.parse_args()
    base = args.url.rstrip("/")
    wait_for(base)
    openers = {user: login(base, user) for user in USERS}
    openers[None] = urllib.request.build_opener()  # no cookies: never signed in
    floors = [
        {"name": "floor: login page", "user": u, "path": "/accounts/login/"} for u in (None, *USERS)
    ]
    measured = cases()
    fetch(openers[USERS[0]], base + measured[0]["path"])  # a first look warms the caches
    measure_pages(base, openers, [*floors, *measured], args.repeats, warmup=3)
    floor_ms = {floor["user"]: floor["median_ms"] for floor in floors}
    for case in [*floors, *measured]:
        case["ratio"] = round(case["median_ms"] / floor_ms[None], 2)
        if case["user"]:
            case["ratio_signed_in"] = round(case["median_ms"] / floor_ms[case["user"]], 2)
    queries = count_queries(measured)
    worst = max(case["ratio"] for case in measured)
    most = max(max(row.values()) for row in queries.values())
    targets = {
        f"catalogue within {RATIO_TARGET:g}x anonymous floor (worst {worst:.2f}x)": (
            worst <= RATIO_TARGET
        ),
        "SQL queries per catalogue page constant": all(
            len(set(row.values())) == 1 for row in queries.values()
        ),
        f"SQL queries per catalogue page at most {MAX_QUERIES} (most {most})": most <= MAX_QUERIES,
        "ceiling applied in the SQL query": ceiling_in_sql(),
    }
    _print(floors, measured, queries, targets)
    _save(floors, measured, queries, targets)
    return 0 if all(targets.values()) else 1


def _print(floors, measured, queries, targets) -> None:
    print(
        f"\n{'archive page':<24}{'user':<13}{'median ms':>10}{'p95 ms':>9}{'x anon':>8}"
        f"{'x signed':>9}  url"
    )
    print("-" * 100)
    for case in [*floors, *measured]:
        print(
            f"{case['name']:<24}{case['user'] or '-':<13}{case['median_ms']:>10.1f}"
            f"{case['p95_ms']:>9.1f}{case['ratio']:>8.2f}"
            f"{case.get('ratio_signed_in', 1.0):>9.2f}  {case['path']}"
        )
    print(f"\n{'SQL queries per page':<48}" + "".join(f"{f'{s}/page':>10}" for s in PAGE_SIZES))
    for name, row in queries.items():
        print(f"{name:<48}" + "".join(f"{row[size]:>10}" for size in PAGE_SIZES))
    print()
    for target, ok in targets.items():
        print(f"{'PASS' if ok else 'FAIL'}  {target}")


def _save(floors, measured, queries, targets) -> None:
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["archives"] = {
        "items": ArchiveItem.objects.count(),
        "floors": floors,
        "pages": measured,
        "queries_per_page": queries,
        "targets": targets,
    }
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(f"\nwritten {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
