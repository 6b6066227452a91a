"""`make run` on a fresh machine: no DATABASE_URL, no REDIS_URL, so SQLite and Django's local
cache. The suite itself runs on PostgreSQL; this test takes the quick start's steps (migrate,
seed_demo) against a new SQLite file in a separate process, then signs in as demo users and
opens their everyday pages there."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PAGES = """
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse

from personnel.models import Employee

setup_test_environment()  # the test client's host, a local mail outbox
person = Employee.objects.order_by("pk").first().pk
pages = {
    "hr": [
        reverse("dashboard"),
        reverse("personnel:employee_list"),
        reverse("personnel:employee_list") + "?q=研发",
        reverse("personnel:employee_detail", args=[person]),
        reverse("personnel:employee_detail", args=[10**20]),
        reverse("approvals:inbox"),
        reverse("personnel:roster_pdf"),
    ],
    "archivist": [reverse("archives:item_list"), reverse("archives:item_list") + "?q=方案"],
    "emp_rd": [reverse("dashboard"), reverse("approvals:inbox")],
}
for username, urls in pages.items():
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    for url in urls:
        status = client.get(url).status_code
        print("page", username, url, status)
"""


def test_the_quick_start_serves_pages_on_sqlite(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DATABASE_OWNER_URL", "REDIS_URL", "REQUIRE_SERVICES"}
    }
    env |= {
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PDF_CACHE_DIR": str(tmp_path / "pdf-cache"),
    }

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    for step in (
        ["migrate", "--noinput", "-v", "0"],
        ["seed_demo"],
        ["shell", "--no-imports", "-c", PAGES],
    ):
        done = manage(*step)
        assert done.returncode == 0, f"{step[0]}: {done.stderr[-3000:]}"
    statuses = dict(
        line.rsplit(" ", 1) for line in done.stdout.splitlines() if line.startswith("page ")
    )
    assert len(statuses) == 11
    not_ok = {page: status for page, status in statuses.items() if status != "200"}
    assert not_ok == {f"page hr /personnel/employees/{10**20}/": "404"}
