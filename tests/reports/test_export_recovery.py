"""Background exports finish or say why (R4): a dead or overrunning run is failed, its copy
number voided in the access log, and the user tries again with a fresh run; with the broker
down the request is refused and leaves no row."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessLog
from config.celery import app as celery_app
from core.errors import DomainError
from reports import exports
from reports.models import ReportExport
from reports.registry import report_get
from reports.tasks import exports_reap

pytestmark = pytest.mark.django_db

Status, Failure = ReportExport.Status, ReportExport.Failure
CLOSED_PORT_BROKER = "redis://127.0.0.1:9/0"  # nothing listens on the discard port


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def broker_down(monkeypatch):
    monkeypatch.setattr(celery_app.conf, "broker_url", CLOSED_PORT_BROKER)


@pytest.fixture
def auditor(demo, django_user_model):
    return django_user_model.objects.get(username="auditor")


def _queued(user) -> ReportExport:
    """A requested export whose message no worker has taken yet (sent on commit, which a
    test transaction never reaches)."""
    return exports.report_export_request(user=user, report=report_get("roster"))


def _killed_mid_render(user) -> ReportExport:
    """What a worker leaves when it dies while rendering: claimed, copy number reserved."""
    export = _queued(user)
    exports._export_claim(export.pk)
    exports._export_copy_reserve(export.pk)
    export.refresh_from_db()
    assert export.status == Status.RUNNING and export.copy_number
    return export


def _later(seconds: int):
    return time_machine.travel(timezone.now() + timedelta(seconds=seconds), tick=False)


def _copy_actions(copy_number: str) -> list[str]:
    rows = AccessLog.objects.filter(copy_number=copy_number).order_by("id")
    return list(rows.values_list("action", flat=True))


def test_a_render_whose_worker_went_silent_fails_when_the_page_polls(auditor, login):
    export = _killed_mid_render(auditor)
    client = login("auditor")
    url = reverse("reports:export_detail", args=[export.pk])

    with _later(settings.EXPORT_SILENT_SECONDS - 5):
        assert client.get(url, HTTP_HX_REQUEST="true").context["export"].status == Status.RUNNING
    with _later(settings.EXPORT_SILENT_SECONDS + 5):
        page = client.get(url, HTTP_HX_REQUEST="true")

    export.refresh_from_db()
    assert export.status == Status.FAILED and export.failure == Failure.WORKER_LOST
    assert export.finished_at is not None and not export.file
    # The number printed on a copy that never came to exist is voided, never "exported".
    assert _copy_actions(export.copy_number) == [AccessLog.Action.VOID]
    html = page.content.decode()
    assert "hx-get" not in html  # the page stops polling
    assert str(Failure.WORKER_LOST.label) in html
    assert reverse("reports:export_retry", args=[export.pk]) in html


def test_a_render_past_its_time_limit_fails_even_with_a_live_heartbeat(auditor):
    export = _killed_mid_render(auditor)
    with _later(settings.EXPORT_TIME_LIMIT_SECONDS + 120):
        # The rendering thread is still beating, but the run is over its limit.
        ReportExport.objects.filter(pk=export.pk).update(heartbeat_at=timezone.now())
        assert exports_reap.apply().get() == 1
    export.refresh_from_db()
    assert export.status == Status.FAILED and export.failure == Failure.TIMED_OUT
    assert _copy_actions(export.copy_number) == [AccessLog.Action.VOID]


def test_a_queued_export_no_worker_started_fails_with_no_copy_number(auditor):
    export = _queued(auditor)
    with _later(settings.EXPORT_QUEUE_TIMEOUT_SECONDS - 60):
        assert exports.exports_reap() == 0
    with _later(settings.EXPORT_QUEUE_TIMEOUT_SECONDS + 60):
        assert exports.exports_reap() == 1
    export.refresh_from_db()
    assert export.status == Status.FAILED and export.failure == Failure.NOT_STARTED
    assert not export.copy_number
    # A message delivered late finds the export failed and renders nothing.
    exports.report_export_run(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == Status.FAILED and not export.file
    assert not AccessLog.objects.filter(target_type="report:roster").exists()


def test_a_run_that_finishes_after_being_failed_keeps_nothing(auditor):
    export = _killed_mid_render(auditor)
    with _later(settings.EXPORT_SILENT_SECONDS + 5):
        exports.exports_reap()
    # The "dead" worker was only slow: its late result is dropped, its number stays void.
    exports._export_done(export, pdf=b"%PDF-1.7 late", title="roster")
    export.refresh_from_db()
    assert export.status == Status.FAILED and not export.file
    assert _copy_actions(export.copy_number) == [AccessLog.Action.VOID]
    assert not list((settings.MEDIA_ROOT / "exports").rglob("*.pdf"))


def test_a_failed_export_is_tried_again_as_a_fresh_run(
    auditor, login, eager_celery, django_capture_on_commit_callbacks
):
    failed = _killed_mid_render(auditor)
    with _later(settings.EXPORT_SILENT_SECONDS + 5):
        exports.exports_reap()
    client = login("auditor")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:export_retry", args=[failed.pk]))
    retry = ReportExport.objects.get(retry_of=failed)
    assert response.url == reverse("reports:export_detail", args=[retry.pk])
    assert retry.status == Status.DONE and retry.file.read().startswith(b"%PDF")
    assert retry.copy_number != failed.copy_number
    assert _copy_actions(retry.copy_number) == [AccessLog.Action.EXPORT]
    assert _copy_actions(failed.copy_number) == [AccessLog.Action.VOID]
    failed.refresh_from_db()
    assert failed.status == Status.FAILED  # the failed run stays on record as it was

    # Asked again (a double click), the same retry is shown; no second run starts.
    again = client.post(reverse("reports:export_retry", args=[failed.pk]))
    assert again.url == reverse("reports:export_detail", args=[retry.pk])
    assert ReportExport.objects.count() == 2
    page = client.get(reverse("reports:export_detail", args=[failed.pk])).content.decode()
    assert reverse("reports:export_detail", args=[retry.pk]) in page


def test_only_a_failed_export_of_ones_own_can_be_tried_again(auditor, login, django_user_model):
    running = _killed_mid_render(auditor)
    client = login("auditor")
    response = client.post(reverse("reports:export_retry", args=[running.pk]))
    assert response.url == reverse("reports:export_detail", args=[running.pk])
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]
    assert not ReportExport.objects.filter(retry_of=running).exists()
    with _later(settings.EXPORT_SILENT_SECONDS + 5):
        exports.exports_reap()
    hr = login("hr")  # someone else's export does not exist for them
    assert hr.post(reverse("reports:export_retry", args=[running.pk])).status_code == 404
    with pytest.raises(ReportExport.DoesNotExist):
        exports.report_export_retry(
            user=django_user_model.objects.get(username="hr"), export_id=running.pk
        )


def test_with_the_broker_down_the_request_is_refused_and_leaves_no_row(
    auditor, broker_down, django_capture_on_commit_callbacks
):
    with pytest.raises(exports.ExportQueueDown) as refused:
        with django_capture_on_commit_callbacks(execute=True):
            _queued(auditor)
    assert isinstance(refused.value, DomainError)
    assert not ReportExport.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_export_page_says_so_instead_of_a_500(demo, login, broker_down):
    client = login("auditor")
    response = client.post(reverse("reports:export_request", args=["roster"]), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("reports:report_list"), 302)]
    message = str(list(response.context["messages"])[0])
    assert "后台导出服务无法连接" in message
    assert not ReportExport.objects.exists()


def test_an_inline_pdf_that_fails_to_render_voids_its_copy_number(demo, login, monkeypatch):
    def broken(document, stamp):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(exports, "render_pdf", broken)
    client = login("auditor")
    client.raise_request_exception = False
    assert client.get(reverse("personnel:roster_pdf")).status_code == 500
    assert list(
        AccessLog.objects.filter(target_type="report:roster").values_list("action", "copy_number")
    ) == [(AccessLog.Action.VOID, "ROSTER-00001")]


def test_an_inline_pdf_logs_its_copy_once_rendered(demo, login):
    response = login("auditor").get(reverse("personnel:roster_pdf"))
    assert response.content.startswith(b"%PDF")
    assert _copy_actions("ROSTER-00001") == [AccessLog.Action.EXPORT]
