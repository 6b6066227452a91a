"""Backups with a tested restore (issue 15, items 1 and 2; R4)."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from audit.backup_crypto import BackupKeyError, decrypt_file, is_encrypted
from audit.backups import backups_prune, table_counts
from audit.models import AccessLog, BackupRun
from core.models import Notification
from personnel.models import Agreement, Employee
from personnel.services.people import agreement_add
from tests.sample_files import PDF

ROOT = Path(__file__).resolve().parents[2]
# pg_dump reads what is committed: these tests commit, and the demo is seeded again after.
pytestmark = pytest.mark.django_db(transaction=True)


def user(name):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def with_upload(demo):
    """The demo, a scanned agreement on file, and some reads in the access log."""
    agreement_add(
        actor=user("hr"),
        employee=Employee.objects.get(employee_no="R0002"),
        kind=Agreement.Kind.BILATERAL,
        signed_on=timezone.localdate(),
        scan=ContentFile(PDF, name="协议.pdf"),
    )
    from audit.services import access_record

    for employee in Employee.objects.all()[:3]:
        access_record(user=user("hr"), action=AccessLog.Action.VIEW, target=employee)


def admin_dsn(name="postgres") -> str:
    db = settings.DATABASES["default"]
    return f"host={db['HOST']} port={db['PORT'] or 5432} user={db['USER']} dbname={name}"


@pytest.fixture
def fresh_database(require_services):
    """An empty PostgreSQL database beside the test one, dropped afterwards."""
    name = f"{settings.DATABASES['default']['NAME']}_restored"
    with psycopg.connect(admin_dsn(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(admin_dsn(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_restore(archive, database, media, *extra, env=None):
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{database}"
    environment = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(media), **(env or {})}
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive), *extra],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def rows(dsn, table):
    with psycopg.connect(dsn) as conn:
        return conn.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()  # nosec B608


def test_a_backup_restores_row_for_row_into_a_fresh_database(
    with_upload, fresh_database, tmp_path, capsys
):
    call_command("backup", output=str(tmp_path / "backups"))
    assert "backup written" in capsys.readouterr().out
    run = BackupRun.objects.get()
    assert run.status == BackupRun.Status.DONE and run.files == 1 and run.rows > 1000
    archive = tmp_path / "backups" / run.file_name

    restored_media = tmp_path / "restored-media"
    result = run_restore(archive, fresh_database, restored_media)
    assert result.returncode == 0, result.stderr
    assert "access log intact" in result.stdout and "match the manifest" in result.stdout

    with connection.cursor() as cursor:
        counts = table_counts(cursor)
    source = admin_dsn(settings.DATABASES["default"]["NAME"])
    target = admin_dsn(fresh_database)
    for table in counts:
        if table != "audit_backuprun":  # the run row is finished after the dump
            assert rows(source, table) == rows(target, table), table
    scan = Agreement.objects.exclude(scan="").get()
    assert (restored_media / scan.scan.name).read_bytes() == PDF


def test_a_restore_refuses_a_database_that_holds_data(with_upload, tmp_path):
    call_command("backup", output=str(tmp_path))
    archive = next(tmp_path.glob("baomi-backup-*"))
    with pytest.raises(CommandError, match="数据库中已有数据表"):
        call_command("restore", str(archive))
    assert Employee.objects.count() == 30


def test_an_encrypted_backup_needs_its_key(with_upload, fresh_database, tmp_path, settings):
    settings.BACKUP_KEY = "correct horse battery staple"
    call_command("backup", output=str(tmp_path))
    archive = next(tmp_path.glob("baomi-backup-*.tar.enc"))
    assert is_encrypted(archive) and b"PDF-1.4" not in archive.read_bytes()
    with pytest.raises(BackupKeyError):
        decrypt_file(archive, tmp_path / "plain.tar", "wrong key")
    refused = run_restore(archive, fresh_database, tmp_path / "m1", env={"BACKUP_KEY": ""})
    assert refused.returncode != 0 and "BACKUP_KEY" in refused.stderr
    done = run_restore(
        archive, fresh_database, tmp_path / "m2", env={"BACKUP_KEY": settings.BACKUP_KEY}
    )
    assert done.returncode == 0, done.stderr


def test_a_failed_backup_is_kept_with_its_reason_and_the_system_administrator_is_told(
    demo, tmp_path
):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    with pytest.raises(CommandError):
        call_command("backup", output=str(blocked))
    run = BackupRun.objects.get()
    assert run.status == BackupRun.Status.FAILED and run.error
    told = Notification.objects.filter(recipient=user("sysadmin"), subject__contains="备份")
    assert told.get().link == reverse("audit:backup_list") == "/reports/backups/"


def test_only_the_newest_are_kept(db, tmp_path):
    for day in range(1, 6):
        (tmp_path / f"baomi-backup-2026110{day}-020000.tar").write_bytes(b"x")
    assert backups_prune(keep=2, directory=tmp_path) == [
        "baomi-backup-20261103-020000.tar",
        "baomi-backup-20261102-020000.tar",
        "baomi-backup-20261101-020000.tar",
    ]


def test_the_system_administrator_sees_the_backups(demo, login, tmp_path):
    call_command("backup", output=str(tmp_path))
    page = login("sysadmin").get(reverse("audit:backup_list"))
    assert BackupRun.objects.get().file_name in page.content.decode()
    for username in ("hr", "security", "secauditor"):
        assert login(username).get(reverse("audit:backup_list")).status_code == 403
