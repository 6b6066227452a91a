"""`make bench`, import part (issue 17): 10,000 employees imported from Excel, then the same
10,000 updated, and the employee Excel export of those 10,000 rows.

Runs last, against the same gunicorn and database (it adds 10,000 people in a department of
their own, 导入压测部, created here through the services). The import runs as the worker
runs it — `import_start` (upload and check), then `import_confirm` (the import), with Celery
eager in this process so each call returns when its background run is over — and is timed
call by call. The export is fetched over HTTP as `hr`, filtered to that department.
Target: each import (check and import together) under 60 s. The export has no target of its
own in the issue; its time is reported. Adds its figures to bench/results.json.
Usage: bench/imports.py --url http://127.0.0.1:PORT
"""

import argparse
import datetime
import json
import sys
import time
import urllib.parse
from io import BytesIO

from run import ROOT, fetch, login, wait_for  # bench/run.py (django set up)

from django.contrib.auth import get_user_model  # noqa: E402  isort: skip
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402  isort: skip
from openpyxl import Workbook, load_workbook  # noqa: E402  isort: skip

from config.celery import app as celery_app  # noqa: E402  isort: skip
from personnel.identity import gb11643_check_digit  # noqa: E402  isort: skip
from personnel.models import Department, Tier  # noqa: E402  isort: skip
from personnel.services import imports, org  # noqa: E402  isort: skip
from reports.models import ImportJob  # noqa: E402  isort: skip

ROWS = 10_000
TARGET_S = 60.0
CODE, NAME = "IMP", "导入压测部"
POSTS = (("专员", False, Tier.NONE), ("涉密专员", True, Tier.GENERAL))
HEADER = [
    "工号",
    "姓名",
    "部门",
    "岗位",
    "用工类型",
    "证件类型",
    "身份证件号码",
    "入职日期",
    "涉密等级",
]
RESULTS = ROOT / "bench" / "results.json"


def department(hr) -> Department:
    found = Department.objects.filter(code=CODE).first()
    if found:
        sys.exit(f"bench: department {CODE} exists already; the bench database is made afresh")
    made = org.department_create(actor=hr, name=NAME, code=CODE)
    for title, secret, tier in POSTS:
        org.position_create(
            actor=hr, title=title, department=made, is_secret_post=secret, required_tier=tier
        )
    return made


def id_number(n: int) -> str:
    born = datetime.date(1970, 1, 1) + datetime.timedelta(days=n // 900)
    first17 = f"320102{born:%Y%m%d}{n % 900 + 100:03d}"
    return first17 + gb11643_check_digit(first17)


def workbook(hired: datetime.date) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for n in range(ROWS):
        title = POSTS[n % 2][0]
        sheet.append(
            [f"IMP{n:06d}", f"导入{n}", NAME, title, "正式", "居民身份证", id_number(n), hired, ""]
        )
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("员工导入.xlsx", buffer.getvalue())


def timed_import(hr, upload) -> dict:
    started = time.perf_counter()
    job = imports.import_start(actor=hr, kind="employees", upload=upload)
    checked = time.perf_counter()
    job.refresh_from_db()
    if job.status != ImportJob.Status.CHECKED or job.invalid:
        sys.exit(
            f"bench: the check ended {job.status} with {job.invalid} rows in error: {job.error}"
        )
    imports.import_confirm(actor=hr, job=job, mode=ImportJob.Mode.ALL)
    done = time.perf_counter()
    job.refresh_from_db()
    if job.status != ImportJob.Status.DONE:
        sys.exit(f"bench: the import ended {job.status}: {job.error}")
    return {
        "check_s": round(checked - started, 2),
        "import_s": round(done - checked, 2),
        "total_s": round(done - started, 2),
        "created": job.created,
        "updated": job.updated,
        "pass": done - started < TARGET_S,
    }


def timed_export(base: str, department_id: int) -> dict:
    opener = login(base, "hr")
    query = urllib.parse.urlencode({"department": department_id})
    seconds, body = fetch(opener, f"{base}/personnel/employees/export.xlsx?{query}")
    sheet = load_workbook(BytesIO(body), read_only=True).active
    rows = sum(1 for _row in sheet.iter_rows(min_row=5))  # below marking, title, stamp, header
    return {"rows": rows, "seconds": round(seconds, 2), "bytes": len(body)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    base = parser.parse_args().url.rstrip("/")
    wait_for(base)
    hr = get_user_model().objects.get(username="hr")
    celery_app.conf.task_always_eager = True  # each call returns when its run is over
    target = department(hr)
    new = timed_import(hr, workbook(datetime.date(2024, 3, 1)))
    again = timed_import(hr, workbook(datetime.date(2024, 4, 1)))  # every row an update
    export = timed_export(base, target.pk)
    figures = {"rows": ROWS, "new": new, "update": again, "export": export}
    figures["pass"] = new["pass"] and again["pass"] and export["rows"] == ROWS
    print(
        f"\nimport of {ROWS} employees from Excel (target < {TARGET_S:.0f} s each):"
        f"\n  new     check {new['check_s']:6.2f} s  import {new['import_s']:6.2f} s  "
        f"total {new['total_s']:6.2f} s  ({new['created']} created)"
        f"\n  update  check {again['check_s']:6.2f} s  import {again['import_s']:6.2f} s  "
        f"total {again['total_s']:6.2f} s  ({again['updated']} updated)"
        f"\nemployee Excel export of {export['rows']} rows over HTTP: {export['seconds']:.2f} s "
        f"({export['bytes'] // 1024} KB)"
        f"\n{'PASS' if figures['pass'] else 'FAIL'}  import and export"
    )
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["imports"] = figures
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    return 0 if figures["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
