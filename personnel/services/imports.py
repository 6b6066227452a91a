"""Imports from Excel (issue 17): upload, a check in the background (the preview of every
row's errors), the confirmation, the import in the background.

The kinds and their rules are in personnel.imports and onboarding.imports, reading in
personnel.imports.sheet. A run writes its rows in one transaction: all of them,
none when any row is in error, or — when HR chose so — the valid ones only. The check is the
same run, rolled back. A run that can no longer finish (its worker died, it ran past its
time limit, no worker took it) is failed when its page is next looked at (`import_reap`).
"""

import logging
import threading
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError

from audit.models import AccessLog
from audit.services import access_record
from core.access import require
from core.errors import DomainError
from core.transitions import transition
from reports.models import ImportJob

from ..imports.sheet import (
    MAX_ERRORS_KEPT,
    RowAction,
    SheetError,
    import_spec,
    may_import,
    read_sheet,
)

logger = logging.getLogger(__name__)
Status = ImportJob.Status
PROGRESS_SECONDS = 1


class ImportQueueDown(DomainError):
    pass


def _require_import(actor, kind: str):
    spec = import_spec(kind)
    require(actor is not None and may_import(actor, spec))
    return spec


def import_start(*, actor, kind: str, upload, language: str = "") -> ImportJob:
    """Keep the uploaded workbook and queue its check (sent once the row is committed)."""
    _require_import(actor, kind)
    job = ImportJob(kind=kind, requested_by=actor, file_name=upload.name[:200], language=language)
    job.file.save(f"{kind}.xlsx", upload, save=False)
    job.save()
    transaction.on_commit(partial(_send, "import_check", job.pk))
    return job


@transaction.atomic
def import_confirm(*, actor, job: ImportJob, mode: str) -> ImportJob:
    """HR's choice after the preview: every row (refused while any is in error) or the valid
    rows only. The import itself runs in the background."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk, requested_by=actor)
    _require_import(actor, job.kind)
    if mode not in ImportJob.Mode.values:
        raise DomainError(_("Choose what to import."))
    if job.status == Status.CHECKED:
        if mode == ImportJob.Mode.ALL and job.invalid:
            raise DomainError(
                _(
                    "Some rows have errors: correct them and upload the file again, or import "
                    "the valid rows only."
                )
            )
        if not job.valid:
            raise DomainError(_("No row can be imported."))
    transition(job, Status.CONFIRMED)
    job.mode, job.confirmed_at, job.done = mode, timezone.now(), 0
    job.save(update_fields=["status", "mode", "confirmed_at", "done"])
    transaction.on_commit(partial(_send, "import_apply", job.pk))
    return job


def _send(task_name: str, job_id: int) -> None:
    """Hand the job to the broker; if it is down, say so rather than wait for a message that
    was never sent (the check fails; a confirmed import goes back to its preview)."""
    from .. import tasks

    task = getattr(tasks, task_name)
    try:
        with task.app.connection_for_write() as broker:
            task.apply_async((job_id,), connection=broker, retry=False)
    except (BrokerError, OSError) as error:
        logger.warning("import %s not queued, broker unreachable: %s", job_id, error)
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().get(pk=job_id)
            back = Status.CHECKED if job.status == Status.CONFIRMED else Status.FAILED
            _move(job, back, error=_("The background service is not reachable."))
        raise ImportQueueDown(
            _(
                "The background service is not reachable, so the import was not started. "
                "Please try again later or tell the system administrator."
            )
        ) from error


def _move(job: ImportJob, to: str, **fields) -> None:
    transition(job, to)
    if to in (Status.CHECKED, Status.DONE, Status.FAILED):
        fields.setdefault("finished_at", timezone.now())
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=["status", *fields])


# --- Running (in the worker) --------------------------------------------------------------------
def _claim(job_id: int, waiting: str, running: str) -> ImportJob | None:
    """Move a waiting job to running; None when another run already has it (idempotent)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        if job.status != waiting:
            return None
        _move(job, running, started_at=timezone.now(), done=0)
    return job


def import_check_run(*, job_id: int) -> None:
    job = _claim(job_id, Status.QUEUED, Status.CHECKING)
    if job is not None:
        _run(job, write=False)


def import_apply_run(*, job_id: int) -> None:
    job = _claim(job_id, Status.CONFIRMED, Status.IMPORTING)
    if job is not None:
        _run(job, write=True)


def _run(job: ImportJob, *, write: bool) -> None:
    try:
        with translation.override(job.language or settings.LANGUAGE_CODE):
            spec = _require_import(job.requested_by, job.kind)
            with job.file.open("rb") as file:
                sheet = read_sheet(spec, file, max_rows=settings.IMPORT_MAX_ROWS)
            ImportJob.objects.filter(pk=job.pk).update(total=sheet.total)
            job.total = sheet.total
            _run_rows(job, spec, sheet, write=write)
    except SheetError as error:
        _failed(job.pk, error.message)
    except PermissionDenied:
        _failed(job.pk, _("You no longer have the right to import this list."))
    except IntegrityError:  # another import or edit saved the same number meanwhile
        logger.warning("import %s collided with another change", job.pk, exc_info=True)
        _failed(
            job.pk,
            _(
                "Someone saved some of the same records meanwhile, so nothing was written: "
                "please upload the file again."
            ),
        )
    except Exception:  # the user sees "failed" instead of a progress bar forever
        logger.exception("import %s failed", job.pk)
        _failed(
            job.pk,
            _(
                "The import stopped on an unexpected error; nothing was written. Please tell the "
                "system administrator."
            ),
        )


def _run_rows(job: ImportJob, spec, sheet, *, write: bool) -> None:
    all_or_nothing = job.mode != ImportJob.Mode.VALID_ONLY
    progress = _Progress(job.pk, total=job.total, already=len(sheet.invalid))
    with transaction.atomic():
        with progress:
            outcomes = spec.run(
                actor=job.requested_by,
                rows=sheet.rows,
                write=write,
                all_or_nothing=all_or_nothing,
                progress=progress.set,
            )
        outcomes = sorted(sheet.invalid + outcomes, key=lambda outcome: outcome.row)
        refused = any(outcome.action == RowAction.INVALID for outcome in outcomes)
        keep = write and not (all_or_nothing and refused)
        if keep:
            locked = ImportJob.objects.select_for_update().get(pk=job.pk)
            _move(locked, Status.DONE, **_summary(spec, outcomes, sheet))
            _log(locked, spec)
        else:  # a check, or an all-rows import that found errors: nothing is kept
            transaction.set_rollback(True)
    if not keep:
        with transaction.atomic():
            locked = ImportJob.objects.select_for_update().get(pk=job.pk)
            if locked.status in (Status.CHECKING, Status.IMPORTING):
                _move(locked, Status.CHECKED, mode="", **_summary(spec, outcomes, sheet))


def _summary(spec, outcomes, sheet) -> dict:
    counts = {action: 0 for action in RowAction.values}
    errors = []
    for outcome in outcomes:
        counts[outcome.action] += 1
        errors += [[outcome.row, spec.header(key), message] for key, message in outcome.errors]
    return {
        "created": counts[RowAction.CREATED],
        "updated": counts[RowAction.UPDATED],
        "unchanged": counts[RowAction.UNCHANGED],
        "invalid": counts[RowAction.INVALID],
        "errors": errors[:MAX_ERRORS_KEPT],
        "done": sheet.total,
        "skipped_example": sheet.skipped_example,
    }


def _log(job: ImportJob, spec) -> None:
    """The run's one access-log row: who imported which list, and what it did."""
    access_record(
        user=job.requested_by,
        action=AccessLog.Action.IMPORT,
        target=job,
        target_repr=_("%(list)s from %(file)s: %(new)s new, %(updated)s updated")
        % {"list": spec.title, "file": job.file_name, "new": job.created, "updated": job.updated},
    )


def _failed(job_id: int, reason: str) -> None:
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        if job.running:
            _move(job, Status.FAILED, error=reason[:300])


class _Progress:
    """Rows done, written to the job from a thread with its own connection: the rows are
    written in one transaction, whose writes nobody sees before it ends. (SQLite lets one
    writer at a time: there the bar moves between the phases only.)"""

    def __init__(self, job_id: int, *, total: int, already: int):
        self.job_id, self.total, self.already = job_id, total, already
        self.done = already
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def set(self, part: float) -> None:
        self.done = self.already + int(part * (self.total - self.already))

    def _run(self) -> None:
        try:
            while not self.stopped.wait(PROGRESS_SECONDS):
                ImportJob.objects.filter(pk=self.job_id).update(done=self.done)
        except Exception:  # the import goes on; the bar stands still
            logger.warning("import %s: progress stopped", self.job_id, exc_info=True)
        finally:
            connections.close_all()  # this thread's own connection

    def __enter__(self):
        if connection.vendor == "postgresql":
            self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join()


# --- Runs that will never finish ----------------------------------------------------------------
def import_reap(*, job_id: int) -> ImportJob:
    """Fail the job if it can no longer finish; the job, as it now stands."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        reason = _stale_reason(job, timezone.now())
        if reason:
            _move(job, Status.FAILED, error=reason)
    return job


def _stale_reason(job: ImportJob, now) -> str:
    waited = timedelta(seconds=settings.EXPORT_QUEUE_TIMEOUT_SECONDS)
    ran = timedelta(seconds=settings.IMPORT_TIME_LIMIT_SECONDS + 60)
    if job.status == Status.QUEUED and job.requested_at < now - waited:
        return _("The file was not checked in time; the background worker may be down.")
    if job.status == Status.CONFIRMED and job.confirmed_at < now - waited:
        return _("The import was not started in time; the background worker may be down.")
    if job.status in (Status.CHECKING, Status.IMPORTING) and job.started_at < now - ran:
        return _("The background worker stopped or ran past its time limit; nothing was written.")
    return ""
