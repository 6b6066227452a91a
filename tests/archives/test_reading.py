"""A3 reading requests and C4 two-person authorization on the shared approval mechanism."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from approvals.models import ApprovalStep
from approvals.selectors import steps_waiting_for
from archives import reading
from archives.models import ReadingRequest
from archives.selectors import visible_items
from audit.history import save_recorded
from core.classification import Level
from core.errors import DomainError
from personnel.models import Employee

from .helpers import grant, grant_all, make_item, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def cleared(demo):
    grant_all()


def ask(username, item):
    return reading.reading_request(actor=user(username), item=item, purpose="项目评审",
                                   reason="核对技术参数")  # fmt: skip


def decide(request, *names, outcome="approve"):
    for name in names:
        reading.request_decide(actor=user(name), request=request, outcome=outcome,
                               comment="同意" if outcome == "approve" else "理由不足")  # fmt: skip
    request.refresh_from_db()
    return request


def test_an_internal_request_needs_the_head_and_the_archive(cleared):
    request = ask("emp_cs", make_item(Level.INTERNAL))
    assert [s.role for s in request.chain.steps.all()] == ["dept_head", "archivist"]
    decide(request, "head_cs")
    assert request.status == ReadingRequest.Status.REQUESTED
    decide(request, "archivist")
    assert request.status == ReadingRequest.Status.APPROVED
    assert request.access_until >= datetime.date.today()


def test_a_secret_request_also_needs_the_archive_department_manager(cleared):
    request = ask("emp_rd", make_item(Level.SECRET, custodian="R0002"))
    roles = [(s.role, s.department.code if s.department else None)
             for s in request.chain.steps.all()]  # fmt: skip
    assert roles == [("dept_head", "RD"), ("archivist", None), ("dept_head", "ADM")]


def test_access_to_top_secret_needs_two_distinct_deciders_and_ends_with_the_request(cleared, login):
    grant("emp_rd", Level.TOP_SECRET)
    item = make_item(Level.TOP_SECRET, custodian="R0002")  # emp_rd may ask: they keep it
    reader = user("emp_rd")
    request = ask("emp_rd", item)
    # While the request waits, the item passes to another keeper: emp_rd no longer sees it.
    item.custodian = Employee.objects.get(employee_no="R0003")
    save_recorded(item, user("hr"))
    assert not visible_items(reader).filter(pk=item.pk).exists()
    decide(request, "head_rd", "archivist", "hr_head")
    step = request.chain.current_step()
    assert step.role == "confidentiality_committee" and step.required_deciders == 2
    decide(request, "gm")
    assert request.status == ReadingRequest.Status.REQUESTED  # one decider is not enough
    with pytest.raises(DomainError):
        decide(request, "gm")  # the same person twice is not enough
    assert not visible_items(reader).filter(pk=item.pk).exists()
    decide(request, "security")
    assert request.status == ReadingRequest.Status.APPROVED
    assert login("emp_rd").get(reverse("archives:item_detail", args=[item.pk])).status_code == 200
    after = request.access_until + datetime.timedelta(days=1)
    assert visible_items(reader, today=request.access_until).filter(pk=item.pk).exists()
    assert not visible_items(reader, today=after).filter(pk=item.pk).exists()
    # Ended early by the reader: a 404 at once.
    client = login("emp_rd")
    client.post(reverse("archives:request_close", args=[request.pk]))
    assert client.get(reverse("archives:item_detail", args=[item.pk])).status_code == 404


def test_the_security_office_decides_two_person_steps_outside_the_committee(cleared):
    from django.contrib.auth.models import Group

    Group.objects.get(name="confidentiality_committee").user_set.remove(user("security"))
    grant("emp_rd", Level.TOP_SECRET)
    request = ask("emp_rd", make_item(Level.TOP_SECRET, custodian="R0002"))
    decide(request, "head_rd", "archivist", "hr_head")
    assert steps_waiting_for(user("security")).filter(chain=request.chain).exists()
    with pytest.raises(DomainError):
        decide(request, "it")  # neither committee nor security
    decide(request, "security", "vp")
    assert request.status == ReadingRequest.Status.APPROVED


def test_the_requester_never_authorizes_their_own_top_secret_access(cleared):
    grant("vp", Level.TOP_SECRET)  # vp sits in the confidentiality leadership group
    request = ask("vp", make_item(Level.TOP_SECRET, custodian="G0002"))  # vp keeps it
    decide(request, "hr_head", "archivist", "hr_head")
    with pytest.raises(DomainError):
        decide(request, "vp")
    assert request.chain.current_step().decisions.count() == 0
    assert not steps_waiting_for(user("vp")).filter(chain=request.chain).exists()


def test_a_rejection_grants_nothing(cleared):
    item = make_item(Level.CONFIDENTIAL)
    request = decide(ask("emp_cs", item), "head_cs", outcome="reject")
    assert request.status == ReadingRequest.Status.REJECTED
    assert request.chain.steps.filter(status=ApprovalStep.Status.CANCELLED).count() == 1


def test_the_inbox_and_a_decider_page_never_show_an_item_above_the_deciders_ceiling(cleared, login):
    grant("emp_rd", Level.TOP_SECRET)
    item = make_item(Level.TOP_SECRET, title="绝密型号总体方案", custodian="R0002")
    request = ask("emp_rd", item)
    decide(request, "head_rd", "archivist")
    inbox = login("hr_head").get(reverse("approvals:inbox")).content.decode()
    assert str(request.pk) in inbox and item.title not in inbox and item.catalogue_no not in inbox
    page = login("hr_head").get(reverse("archives:request_detail", args=[request.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert item.title not in html and 'data-testid="item-masked"' in html
    other = login("emp_cs").get(reverse("archives:request_detail", args=[request.pk]))
    assert other.status_code == 404


def test_an_outsider_is_registered_with_an_introduction_letter(cleared):
    item = make_item(Level.INTERNAL)
    letter = SimpleUploadedFile("介绍信.pdf", b"%PDF-1.4 letter", content_type="application/pdf")
    with pytest.raises(DomainError):
        reading.reading_register_outsider(actor=user("archivist"), item=item, outsider_name="钱七",
                                          outsider_organisation="某审计事务所",
                                          introduction_letter=None, purpose="审计",
                                          reason="年度审计")  # fmt: skip
    request = reading.reading_register_outsider(
        actor=user("archivist"), item=item, outsider_name="钱七",
        outsider_organisation="某审计事务所", introduction_letter=letter, purpose="审计",
        reason="年度审计",
    )  # fmt: skip
    assert request.chain.requested_by is None and request.introduction_letter
    assert [s.role for s in request.chain.steps.all()] == ["archivist"]
    assert decide(request, "archivist").status == ReadingRequest.Status.APPROVED


def test_the_request_list_finds_an_outsider_by_name(cleared, login):
    item = make_item(Level.INTERNAL)
    letter = SimpleUploadedFile("介绍信.pdf", b"%PDF-1.4 letter", content_type="application/pdf")
    reading.reading_register_outsider(
        actor=user("archivist"), item=item, outsider_name="钱七",
        outsider_organisation="某审计事务所", introduction_letter=letter, purpose="审计",
        reason="年度审计",
    )  # fmt: skip
    client = login("archivist")
    found = client.get(reverse("archives:request_list"), {"q": "钱七"}).content.decode()
    assert item.catalogue_no in found.split("<tbody>")[1]
    other = client.get(reverse("archives:request_list"), {"q": "赵六"}).content.decode()
    assert item.catalogue_no not in other.split("<tbody>")[1]


def test_reading_request_over_http(cleared, login):
    item = make_item(Level.INTERNAL)
    client = login("emp_cs")
    response = client.post(reverse("archives:request_create") + f"?item={item.pk}",
                           {"purpose": "客户回访", "reason": "核对客户资料"})  # fmt: skip
    request = ReadingRequest.objects.get(item=item)
    assert response.status_code == 302 and request.requester.user == user("emp_cs")
    head = login("head_cs")
    head.post(reverse("archives:request_decide", args=[request.pk]),
              {"decision": "approve", "comment": ""})  # fmt: skip
    request.refresh_from_db()
    assert request.chain.current_step().role == "archivist"
