"""Backups and their tested restore (R4).

One archive holds the database in its own dump format (pg_dump's custom format; a
consistent copy on SQLite), every uploaded file and the audit checkpoints, with a manifest:
rows per table, a checksum per file, the access log's chain head. `restore` loads an
archive into an empty database and media folder, then checks all three.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError

from .backup_crypto import decrypt_file, encrypt_file, is_encrypted
from .models import AccessLog, BackupRun

MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
PREFIX = "baomi-backup-"


class RestoreRefused(DomainError):
    """The target is not empty, or the archive does not match its manifest."""


def backup_directory() -> Path:
    return Path(settings.BACKUP_DIR)


def _file_trees() -> dict[str, Path]:
    """Folders copied into the archive, by their name inside it."""
    trees = {"media": Path(settings.MEDIA_ROOT)}
    checkpoints = getattr(settings, "AUDIT_CHECKPOINT_DIR", None)
    if checkpoints:
        trees["audit-checkpoints"] = Path(checkpoints)
    return trees


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _tables() -> list[str]:
    existing = set(connection.introspection.table_names())
    models = apps.get_models(include_auto_created=True)
    return sorted({m._meta.db_table for m in models if m._meta.db_table in existing})


def table_counts(cursor) -> dict[str, int]:
    counts = {}
    for table in _tables():
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # nosec B608
        counts[table] = cursor.fetchone()[0]
    return counts


def chain_head() -> dict:
    last = AccessLog.objects.order_by("-id").values("id", "hash").first() or {}
    return {
        "count": AccessLog.objects.count(),
        "last_id": last.get("id"),
        "last_hash": last.get("hash", ""),
    }


def _pg_env() -> tuple[list[str], dict]:
    """Connection arguments for pg_dump/pg_restore from the Django settings."""
    db = settings.DATABASES["default"]
    args = ["--dbname", db["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [option, str(db[key])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _dump_database(workdir: Path) -> dict:
    """The dump and the counts of the same instant: on PostgreSQL pg_dump reads the snapshot
    this transaction exported, so rows written meanwhile are in neither."""
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts, head = table_counts(cursor), chain_head()
            args, env = _pg_env()
            subprocess.run(  # nosec B603 B607: fixed program, arguments from settings
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    "--file",
                    str(workdir / PG_DUMP),
                    *args,
                ],
                env=env,
                check=True,
                capture_output=True,
            )
        return {"counts": counts, "chain_head": head, "database": PG_DUMP}
    copy = workdir / SQLITE_COPY
    with transaction.atomic(), connection.cursor() as cursor:
        counts, head = table_counts(cursor), chain_head()
        target = sqlite3.connect(copy)
        connection.connection.backup(target)
        target.close()
    return {"counts": counts, "chain_head": head, "database": SQLITE_COPY}


def _archive_name(now) -> str:
    return f"{PREFIX}{timezone.localtime(now):%Y%m%d-%H%M%S}.tar"


def _write_archive(target: Path, workdir: Path, database_file: str, manifest: dict) -> int:
    files = {}
    with tarfile.open(target, "w") as archive:
        files[database_file] = _sha256(workdir / database_file)
        archive.add(workdir / database_file, arcname=database_file)
        for name, root in _file_trees().items():
            if not root.is_dir():
                continue
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                member = f"{name}/{path.relative_to(root).as_posix()}"
                files[member] = _sha256(path)
                archive.add(path, arcname=member)
        manifest["files"] = files
        (workdir / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
        archive.add(workdir / MANIFEST, arcname=MANIFEST)
    return len(files) - 1


def backup_create(*, directory: Path | None = None) -> BackupRun:
    """Write one archive; the run row says how it went (a failure is kept, with its
    reason, and the system administrators are told)."""
    directory = Path(directory or backup_directory())
    run = BackupRun.objects.create(encrypted=bool(settings.BACKUP_KEY))
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=directory) as work:
            workdir = Path(work)
            facts = _dump_database(workdir)
            manifest = {
                "created_at": run.started_at.isoformat(),
                "vendor": connection.vendor,
                **facts,
            }
            name = _archive_name(run.started_at)
            files = _write_archive(workdir / name, workdir, facts["database"], manifest)
            if settings.BACKUP_KEY:
                encrypt_file(workdir / name, workdir / f"{name}.enc", settings.BACKUP_KEY)
                name = f"{name}.enc"
            final = directory / name
            os.replace(workdir / name, final)
            os.chmod(final, 0o600)
    except Exception as error:  # any failure is recorded and reported, then re-raised
        _finish(run, BackupRun.Status.FAILED, error=f"{type(error).__name__}: {error}"[:500])
        _tell_failure(run)
        raise
    _finish(
        run,
        BackupRun.Status.DONE,
        file_name=name,
        size=final.stat().st_size,
        rows=sum(facts["counts"].values()),
        files=files,
    )
    return run


def _finish(run, status, **facts) -> None:
    BackupRun.objects.filter(pk=run.pk).update(status=status, finished_at=timezone.now(), **facts)
    run.refresh_from_db()


def _tell_failure(run) -> None:
    from django.contrib.auth import get_user_model

    from core.notifications import notify

    keepers = (
        get_user_model()
        .objects.filter(
            groups__permissions__codename="view_backuprun",
            groups__permissions__content_type__app_label="audit",
        )
        .distinct()
    )
    notify(
        recipients=keepers,
        subject=_("The backup failed"),
        body=run.error,
        link=reverse("audit:backup_list"),
        dedupe_key=f"backup-failed-{run.pk}",
    )


def backups_prune(*, keep: int, directory: Path | None = None) -> list[str]:
    """Keep the newest `keep` archives; returns the names removed."""
    directory = Path(directory or backup_directory())
    archives = sorted(directory.glob(f"{PREFIX}*.tar*"), reverse=True)
    removed = []
    for path in archives[keep:]:
        path.unlink()
        removed.append(path.name)
    return removed


# --- Restore -----------------------------------------------------------------------------


def _target_empty() -> list[str]:
    """What already holds data where a restore would write."""
    problems = []
    if connection.introspection.table_names():
        problems.append(_("the database has tables"))
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(media.iterdir()):
        problems.append(_("the media folder is not empty"))
    return problems


def _unpack(archive_path: Path, workdir: Path) -> dict:
    if is_encrypted(archive_path):
        if not settings.BACKUP_KEY:
            raise RestoreRefused(_("The archive is encrypted: set BACKUP_KEY."))
        plain = workdir / "archive.tar"
        decrypt_file(archive_path, plain, settings.BACKUP_KEY)
        archive_path = plain
    with tarfile.open(archive_path) as archive:
        archive.extractall(workdir / "content", filter="data")
    return json.loads((workdir / "content" / MANIFEST).read_text())


def _restore_database(content: Path, manifest: dict, force: bool) -> None:
    if manifest["vendor"] != connection.vendor:
        raise RestoreRefused(
            _("The archive holds a %(vendor)s database.") % {"vendor": manifest["vendor"]}
        )
    if connection.vendor == "postgresql":
        connection.close()
        args, env = _pg_env()
        clean = ["--clean", "--if-exists"] if force else []
        subprocess.run(  # nosec B603 B607: fixed program, arguments from settings
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                *clean,
                *args,
                str(content / PG_DUMP),
            ],
            env=env,
            check=True,
            capture_output=True,
        )
        return
    connection.close()
    shutil.copyfile(content / SQLITE_COPY, settings.DATABASES["default"]["NAME"])


def _restore_files(content: Path) -> None:
    for name, root in _file_trees().items():
        source = content / name
        if source.is_dir():
            shutil.copytree(source, root, dirs_exist_ok=True)


def restore_check(manifest: dict) -> list[str]:
    """Differences between the restored data and the manifest (empty: all match)."""
    problems = []
    with connection.cursor() as cursor:
        counts = table_counts(cursor)
    for table, expected in manifest["counts"].items():
        if counts.get(table) != expected:
            problems.append(f"{table}: {counts.get(table)} rows, {expected} expected")
    trees = _file_trees()
    for member, checksum in manifest["files"].items():
        tree, _sep, relative = member.partition("/")
        if tree in trees and _sha256(trees[tree] / relative) != checksum:
            problems.append(f"{member}: checksum differs")
    if chain_head() != manifest["chain_head"]:
        problems.append("access log: chain head differs")
    return problems


def backup_restore(archive_path, *, force: bool = False) -> dict:
    """Load an archive into an empty database and media folder, then check it against its
    manifest. Raises RestoreRefused without writing when the target holds data (unless
    `force`) or the archive cannot be read."""
    archive_path = Path(archive_path)
    problems = _target_empty()
    if problems and not force:
        raise RestoreRefused(
            _("Refused: %(what)s (use --force to overwrite).") % {"what": "; ".join(problems)}
        )
    with tempfile.TemporaryDirectory() as work:
        workdir = Path(work)
        manifest = _unpack(archive_path, workdir)
        content = workdir / "content"
        for member, checksum in manifest["files"].items():
            if _sha256(content / member) != checksum:
                raise RestoreRefused(_("The archive is damaged: %(member)s.") % {"member": member})
        _restore_database(content, manifest, force)
        _restore_files(content)
    return {
        "manifest": manifest,
        "problems": restore_check(manifest),
        "restored_at": datetime.datetime.now(datetime.UTC).isoformat(),
    }
