import pytest
from django.urls import reverse

from audit.models import AccessLog
from config.celery import app as celery_app
from reports.exports import report_export_run
from reports.models import ReportExport

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def test_a_background_export_renders_numbers_and_logs_the_copy(
    demo, login, eager_celery, django_capture_on_commit_callbacks
):
    client = login("auditor")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:export_request", args=["roster"]))
    export = ReportExport.objects.get()
    assert response.url == reverse("reports:export_detail", args=[export.pk])
    assert export.status == ReportExport.Status.DONE and export.progress == 100
    assert export.file.read().startswith(b"%PDF")
    assert AccessLog.objects.filter(
        action=AccessLog.Action.EXPORT, copy_number=export.copy_number, username="auditor"
    ).exists()
    page = client.get(reverse("reports:export_detail", args=[export.pk]))
    assert export.copy_number in page.content.decode()
    download = client.get(reverse("reports:export_download", args=[export.pk]))
    assert download.status_code == 200


def test_running_an_export_twice_renders_it_once(demo, django_user_model):
    export = ReportExport.objects.create(
        report="roster", requested_by=django_user_model.objects.get(username="hr")
    )
    report_export_run(export_id=export.pk)
    report_export_run(export_id=export.pk)
    assert AccessLog.objects.filter(action=AccessLog.Action.EXPORT).count() == 1


def test_an_export_is_seen_only_by_who_asked(demo, login, django_user_model):
    export = ReportExport.objects.create(
        report="roster", requested_by=django_user_model.objects.get(username="hr")
    )
    report_export_run(export_id=export.pk)
    client = login("auditor")
    assert client.get(reverse("reports:export_detail", args=[export.pk])).status_code == 404
    assert client.get(reverse("reports:export_download", args=[export.pk])).status_code == 404


def test_an_export_fails_cleanly_when_the_right_was_lost(demo, django_user_model):
    hr = django_user_model.objects.get(username="hr")
    export = ReportExport.objects.create(report="roster", requested_by=hr)
    hr.groups.clear()
    report_export_run(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == ReportExport.Status.FAILED and not export.file


def test_an_employee_cannot_request_the_roster(demo, login):
    response = login("emp_cs").post(reverse("reports:export_request", args=["roster"]))
    assert response.status_code == 403
    assert not ReportExport.objects.exists()


def test_the_access_log_page_searches_reads_and_exports(demo, login):
    from personnel.models import Employee

    person = Employee.objects.get(employee_no="R0002")
    login("head_rd").get(reverse("personnel:employee_detail", args=[person.pk]))
    client = login("auditor")
    client.get(reverse("personnel:roster_pdf"))
    page = client.get(reverse("audit:access_log"), {"q": "head_rd"})
    assert [e.username for e in page.context["page"]] == ["head_rd"]
    page = client.get(reverse("audit:access_log"), {"action": "export"})
    assert [e.copy_number for e in page.context["page"]] == ["ROSTER-00001"]


def test_the_report_centre_offers_the_background_export(demo, login):
    html = login("auditor").get(reverse("reports:report_list")).content.decode()
    assert reverse("reports:export_request", args=["roster"]) in html
