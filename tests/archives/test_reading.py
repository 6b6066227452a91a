"""A3 reading requests and C4 two-person authorization on the shared approval mechanism.

A 机密 item is known only to its keeper and the archive's overseers, so a cleared employee
asks through the archivist, who files the reading request on their behalf (issue 13,
item 9: "short of the archivist's search on their behalf"); nobody files for an item
they may not know exists."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from approvals.models import ApprovalStep
from approvals.selectors import steps_waiting_for
from archives.models import Loan, ReadingRequest
from archives.selectors import visible_items
from archives.services import loans, reading
from audit.history import save_recorded
from core.classification import Level
from core.errors import DomainError
from core.transitions import transition
from personnel.models import Employee

from .helpers import grant, grant_all, make_item, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def cleared(demo):
    grant_all()


def ask(username, item):
    return reading.reading_request(
        actor=user(username), item=item, purpose="项目评审", reason="核对技术参数"
    )


def decide(request, *names, outcome="approve"):
    for name in names:
        reading.request_decide(
            actor=user(name),
            request=request,
            outcome=outcome,
            comment="同意" if outcome == "approve" else "理由不足",
        )
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
    roles = [
        (s.role, s.department.code if s.department else None) for s in request.chain.steps.all()
    ]
    assert roles == [("dept_head", "RD"), ("archivist", None), ("dept_head", "ADM")]


def test_a_confidential_request_also_needs_the_archive_department_manager(cleared):
    """A3: 秘密 is classified too: its reading waits for the archive's manager, as 机密 does."""
    request = ask("emp_cs", make_item(Level.CONFIDENTIAL))
    roles = [
        (s.role, s.department.code if s.department else None) for s in request.chain.steps.all()
    ]
    assert roles == [("dept_head", "CS"), ("archivist", None), ("dept_head", "ADM")]
    decide(request, "head_cs", "archivist")
    assert request.status == ReadingRequest.Status.REQUESTED
    assert decide(request, "hr_head").status == ReadingRequest.Status.APPROVED


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
    # The archive's step and its manager's (秘密 is classified) never come.
    assert request.chain.steps.filter(status=ApprovalStep.Status.CANCELLED).count() == 2


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
        reading.reading_register_outsider(
            actor=user("archivist"),
            item=item,
            outsider_name="钱七",
            outsider_organisation="某审计事务所",
            introduction_letter=None,
            purpose="审计",
            reason="年度审计",
        )
    request = reading.reading_register_outsider(
        actor=user("archivist"),
        item=item,
        outsider_name="钱七",
        outsider_organisation="某审计事务所",
        introduction_letter=letter,
        purpose="审计",
        reason="年度审计",
    )
    assert request.chain.requested_by is None and request.introduction_letter
    assert [s.role for s in request.chain.steps.all()] == ["archivist"]
    assert decide(request, "archivist").status == ReadingRequest.Status.APPROVED


def test_the_request_list_finds_an_outsider_by_name(cleared, login):
    item = make_item(Level.INTERNAL)
    letter = SimpleUploadedFile("介绍信.pdf", b"%PDF-1.4 letter", content_type="application/pdf")
    reading.reading_register_outsider(
        actor=user("archivist"),
        item=item,
        outsider_name="钱七",
        outsider_organisation="某审计事务所",
        introduction_letter=letter,
        purpose="审计",
        reason="年度审计",
    )
    client = login("archivist")
    found = client.get(reverse("archives:request_list"), {"q": "钱七"}).content.decode()
    assert item.catalogue_no in found.split("<tbody>")[1]
    other = client.get(reverse("archives:request_list"), {"q": "赵六"}).content.decode()
    assert item.catalogue_no not in other.split("<tbody>")[1]


def test_reading_request_over_http(cleared, login):
    item = make_item(Level.INTERNAL)
    client = login("emp_cs")
    response = client.post(
        reverse("archives:request_create") + f"?item={item.pk}",
        {"purpose": "客户回访", "reason": "核对客户资料"},
    )
    request = ReadingRequest.objects.get(item=item)
    assert response.status_code == 302 and request.requester.user == user("emp_cs")
    head = login("head_cs")
    head.post(
        reverse("archives:request_decide", args=[request.pk]),
        {"decision": "approve", "comment": ""},
    )
    request.refresh_from_db()
    assert request.chain.current_step().role == "archivist"


# The reader's number typed in full, as the picker's box sends it without a script.
FORM = {"employee_search": "R0002", "purpose": "核对设计", "reason": "项目评审"}


@pytest.fixture
def item(demo):
    grant_all()
    return make_item(Level.SECRET, custodian="R0003", title="某型号设计图")


def url(item):
    return reverse("archives:request_for_employee") + f"?item={item.pk}"


def test_the_employee_cannot_file_for_an_item_they_do_not_know(item, login):
    assert (
        login("emp_rd").get(reverse("archives:request_create") + f"?item={item.pk}").status_code
        == 404
    )


def test_the_archivist_files_for_a_cleared_employee(item, login):
    response = login("archivist").post(url(item), FORM)
    created = ReadingRequest.objects.get(item=item)
    assert response.url == reverse("archives:request_detail", args=[created.pk])
    assert (created.requester.employee_no, created.requested_by) == ("R0002", user("archivist"))
    assert created.chain.current_step().department.code == "RD"  # the reader's head signs first
    assert created.history.first().history_user == user("archivist")
    # The reader sees their request, but not the title until it is approved.
    page = login("emp_rd").get(reverse("archives:request_detail", args=[created.pk]))
    assert page.status_code == 200 and "某型号设计图" not in page.content.decode()
    for decider in ("head_rd", "archivist", "hr_head"):
        reading.request_decide(actor=user(decider), request=created, outcome="approve")
    created.refresh_from_db()
    assert created.status == ReadingRequest.Status.APPROVED
    page = login("emp_rd").get(reverse("archives:request_detail", args=[created.pk]))
    assert "某型号设计图" in page.content.decode()


def test_an_employee_not_cleared_for_the_level_is_refused(item, login):
    response = login("archivist").post(url(item), {**FORM, "employee_search": "C0002"})  # 秘密 only
    assert response.status_code == 200
    assert "知悉" in response.content.decode()
    assert not ReadingRequest.objects.filter(item=item).exists()


def test_an_unknown_number_is_a_form_error(item, login):
    response = login("archivist").post(url(item), {**FORM, "employee_search": "X9999"})
    assert "没有工号为" in response.content.decode()
    assert not ReadingRequest.objects.exists() or not ReadingRequest.objects.filter(item=item)


@pytest.mark.parametrize("username", ["emp_rd", "head_rd", "info_spec", "auditor", "hr"])
def test_only_the_clerk_files_on_behalf(item, login, username):
    assert login(username).get(url(item)).status_code in (403, 404)
    login(username).post(url(item), FORM)
    assert not ReadingRequest.objects.filter(item=item).exists()


def _due():
    return timezone.localdate() + datetime.timedelta(days=2)


@pytest.fixture
def kept_by_the_clerk(demo):
    grant_all()
    return {
        level: make_item(level, custodian="A0003", title=f"库管{level}卷") for level in Level.values
    }


@pytest.mark.parametrize("name", ["archives:request_create", "archives:loan_create"])
def test_nobody_files_for_an_item_they_may_not_know_exists(kept_by_the_clerk, login, name):
    item = kept_by_the_clerk[Level.SECRET]  # within emp_rd's clearance, kept by the clerk
    client = login("emp_rd")
    assert client.get(reverse("archives:item_detail", args=[item.pk])).status_code == 404
    assert client.get(reverse(name), {"item": item.pk}).status_code == 404
    data = {"purpose": "核查", "reason": "例行", "copies": 1, "due_date": _due().isoformat()}
    assert client.post(reverse(name) + f"?item={item.pk}", data).status_code == 404
    assert not Loan.objects.exists() and not ReadingRequest.objects.exists()
    visible = kept_by_the_clerk[Level.CONFIDENTIAL]
    assert client.get(reverse(name), {"item": visible.pk}).status_code == 200


def test_the_services_refuse_an_item_the_person_may_not_see(kept_by_the_clerk):
    item = kept_by_the_clerk[Level.SECRET]
    with pytest.raises(PermissionDenied):
        reading.reading_request(actor=user("emp_rd"), item=item, purpose="核查", reason="例行")
    with pytest.raises(PermissionDenied):
        loans.loan_apply(actor=user("emp_rd"), item=item, copies=1, reason="核对", due_date=_due())


@pytest.mark.parametrize("value", ["abc", "", "-1", "1.5", "99999999999999999999", "１"])
@pytest.mark.parametrize(
    "name", ["archives:request_create", "archives:loan_create", "archives:request_outsider"]
)
def test_a_malformed_item_is_a_404(kept_by_the_clerk, login, name, value):
    assert login("archivist").get(reverse(name), {"item": value}).status_code == 404


def test_the_outsider_request_works_for_what_the_clerk_sees(kept_by_the_clerk, login):
    client = login("archivist")
    url = reverse("archives:request_outsider")
    above = kept_by_the_clerk[Level.TOP_SECRET]  # the clerk is cleared to 机密 only
    assert client.get(url, {"item": above.pk}).status_code == 404
    item = kept_by_the_clerk[Level.SECRET]
    page = client.get(url, {"item": item.pk})
    assert page.status_code == 200 and item.title in page.content.decode()
    response = client.post(
        f"{url}?item={item.pk}",
        {
            "purpose": "审计",
            "reason": "外部审计查阅",
            "outsider_name": "王某",
            "outsider_organisation": "某会计师事务所",
            "introduction_letter": SimpleUploadedFile("letter.pdf", b"%PDF-1.4 letter"),
        },
    )
    assert response.status_code == 302
    assert ReadingRequest.objects.get().outsider_name == "王某"


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (ReadingRequest.Status.APPROVED, ReadingRequest.Status.REJECTED),
        (ReadingRequest.Status.REJECTED, ReadingRequest.Status.APPROVED),
        (ReadingRequest.Status.CANCELLED, ReadingRequest.Status.REQUESTED),
    ],
)
def test_a_reading_request_refuses_a_move_its_table_does_not_list(start, to):
    row = ReadingRequest(status=start)
    with pytest.raises(DomainError):
        transition(row, to)
    assert row.status == start


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (ReadingRequest.Status.REQUESTED, ReadingRequest.Status.APPROVED),
    ],
)
def test_a_reading_request_takes_a_move_its_table_lists(start, to):
    row = ReadingRequest(status=start)
    transition(row, to)
    assert row.status == to
