"""P5: one employee's agreements, listed with search and pages, and a scan added after the
signing (the unit-wide register is a report)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AccessLog
from core.errors import DomainError
from personnel.models import Agreement, Employee
from personnel.services import people as services
from tests.sample_files import HTML, PDF

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


def signed(no="R0008", kind=Agreement.Kind.COMMITMENT, day=datetime.date(2026, 11, 20), note=""):
    return services.agreement_add(
        actor=user("hr"),
        employee=Employee.objects.get(employee_no=no),
        kind=kind,
        signed_on=day,
        note=note,
    )


def scan(content=PDF, name="scan.pdf"):
    return SimpleUploadedFile(name, content, "application/pdf")


def test_a_scan_joins_an_agreement_signed_without_one(demo):
    agreement = signed()
    services.agreement_scan_attach(actor=user("hr"), agreement=agreement, scan=scan())
    agreement.refresh_from_db()
    assert agreement.scan.read() == PDF
    assert agreement.history.first().history_user == user("hr")
    with pytest.raises(DomainError):  # the scan on file is evidence: never replaced
        services.agreement_scan_attach(actor=user("hr"), agreement=agreement, scan=scan())


def test_only_a_real_scan_by_hr_joins(demo):
    agreement = signed()
    with pytest.raises(Exception) as refused:
        services.agreement_scan_attach(actor=user("head_rd"), agreement=agreement, scan=scan())
    assert refused.type.__name__ == "PermissionDenied"
    with pytest.raises(Exception) as refused:
        services.agreement_scan_attach(
            actor=user("hr"), agreement=agreement, scan=scan(HTML, "scan.html")
        )
    assert refused.type.__name__ == "ValidationError"
    agreement.refresh_from_db()
    assert not agreement.scan


def test_hr_uploads_the_scan_from_the_agreements_page(demo, login):
    agreement = signed()
    url = reverse("personnel:agreement_scan_upload", args=[agreement.pk])
    assert login("head_rd").get(url).status_code == 403  # sees the person, may not change
    assert login("head_cs").get(url).status_code == 404  # not their department
    response = login("hr").post(url, {"scan": scan()})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.scan.read() == PDF


def test_the_employee_agreements_list_searches_and_pages(demo, login, settings):
    person = Employee.objects.get(employee_no="R0008")
    for day in range(1, 26):
        signed(day=datetime.date(2026, 10, day), note=f"第{day}份")
    signed(kind=Agreement.Kind.EXIT_COMMITMENT, note="离职时签署")
    signed(no="R0002", note="他人的协议")
    url = reverse("personnel:agreement_list", args=[person.pk])
    page = login("hr").get(url).context["page"]
    assert page.paginator.count == 26 and len(page.object_list) == 20
    assert {a.employee_id for a in page.object_list} == {person.pk}
    found = login("hr").get(url, {"kind": "exit_commitment"}).context["page"]
    assert [a.note for a in found] == ["离职时签署"]
    assert login("hr").get(url, {"q": "第7份"}).context["page"].paginator.count == 1
    assert login("hr").get(url, {"scan": "no"}).context["page"].paginator.count == 26
    assert AccessLog.objects.filter(username="hr", target_type="personnel.employee").exists()
    assert login("head_cs").get(url).status_code == 404


def test_the_agreements_list_costs_the_same_for_one_and_many(
    demo, login, django_assert_max_num_queries
):
    person = Employee.objects.get(employee_no="R0008")
    url = reverse("personnel:agreement_list", args=[person.pk])
    signed()
    client = login("hr")
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for day in range(1, 20):
        signed(day=datetime.date(2026, 9, day))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
