"""Issue 13 item 9: a request or loan names its item's title only to those the catalogue
shows the item to; nobody files for an item they may not know exists."""

import datetime
import shutil
import subprocess

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from archives import loans, reading
from archives.models import Loan, ReadingRequest
from audit.history import save_recorded
from core.classification import Level
from core.models import Notification

from .helpers import grant, grant_all, make_item, user

pytestmark = pytest.mark.django_db

MATRIX_ROLES = ["emp_rd", "emp_cs", "head_rd", "head_cs", "info_spec", "archivist", "security",
                "gm", "vp", "auditor", "hr", "hr_head"]  # fmt: skip
# Who files for which levels, and who signs the first step (so the next decider waits too).
FILERS = {
    "security": (Level.values, "hr_head"),
    "emp_rd": ([Level.INTERNAL, Level.CONFIDENTIAL, Level.SECRET], "head_rd"),
    "emp_cs": ([Level.INTERNAL, Level.CONFIDENTIAL], "head_cs"),
}


def _due():
    return timezone.localdate() + datetime.timedelta(days=2)


@pytest.fixture
def filed(demo):
    """An item per level (emp_rd keeps the 机密 and 绝密 ones), with a loan and a reading
    request by each person who may see it, their first step signed."""
    grant_all()
    items = {level: make_item(level, custodian="R0002", title=f"题名{level}卷")
             for level in Level.values}  # fmt: skip
    for filer, (levels, head) in FILERS.items():
        for level in levels:
            loan = loans.loan_apply(actor=user(filer), item=items[level], copies=1,
                                    reason="核对", due_date=_due())  # fmt: skip
            loans.loan_decide(actor=user(head), loan=loan, outcome="approve")
            ask = reading.reading_request(actor=user(filer), item=items[level], purpose="核查",
                                          reason="例行")  # fmt: skip
            reading.request_decide(actor=user(head), request=ask, outcome="approve")
    # The 绝密 loan then waits for two of the leadership group (gm, vp): cleared, but neither
    # keeper nor overseer of the item.
    loans.loan_decide(actor=user("info_spec"), outcome="approve",
                      loan=items[Level.TOP_SECRET].loans.get())  # fmt: skip
    return items


def _pages_of(item):
    return [reverse("archives:loan_detail", args=[loan.pk]) for loan in item.loans.all()] + [
        reverse("archives:request_detail", args=[r.pk]) for r in item.reading_requests.all()]


@pytest.mark.parametrize("username", MATRIX_ROLES)
def test_a_title_shows_exactly_where_the_catalogue_shows_the_item(filed, login, username):
    client = login(username)
    lists = {url: client.get(url).content.decode() for url in [
        reverse("archives:loan_list"), reverse("archives:request_list"),
        reverse("approvals:inbox")]}  # fmt: skip
    opened = 0
    for level, item in filed.items():
        catalogue = client.get(reverse("archives:item_detail", args=[item.pk])).status_code == 200
        for url in _pages_of(item):
            response = client.get(url)
            if response.status_code == 404:
                continue
            opened += 1
            html = response.content.decode()
            assert item.catalogue_no in html, (level, url)
            assert (item.title in html) == catalogue, (level, url)
        for url, html in lists.items():
            listed = item.catalogue_no in html
            assert (item.title in html) == (catalogue and listed), (level, url)
        assert item.title not in lists[reverse("approvals:inbox")]
    assert opened or username == "hr", "the matrix is not empty for a decider or filer"


def test_the_matrix_masks_deciders_beside_the_ceiling(filed, login):
    """head_rd is cleared for 绝密 but neither keeps nor oversees emp_rd's 机密 item."""
    item = filed[Level.SECRET]
    request = item.reading_requests.get(requester__user__username="emp_rd")
    html = login("head_rd").get(reverse("archives:request_detail", args=[request.pk])).content
    assert item.catalogue_no in html.decode() and item.title not in html.decode()
    assert item.title in login("emp_rd").get(
        reverse("archives:request_detail", args=[request.pk])).content.decode()  # fmt: skip


def test_a_chain_title_never_names_the_item(filed):
    from approvals.models import ApprovalChain

    for chain in ApprovalChain.objects.filter(kind__in=["archive_reading", "archive_loan"]):
        for item in filed.values():
            assert item.title not in chain.title and item.catalogue_no not in chain.title


def test_no_notification_names_an_item(filed):
    from archives import services
    from personnel.services import system_user

    item = filed[Level.INTERNAL]
    loan = item.loans.get(borrower__user__username="emp_cs")
    loans.loan_decide(actor=user("info_spec"), loan=loan, outcome="approve")
    loans.loan_hand_out(actor=user("archivist"), loan=loan, borrower_signed=True)
    ask = item.reading_requests.get(requester__user__username="emp_cs")
    reading.request_decide(actor=user("archivist"), request=ask, outcome="approve")
    services.archive_sweep(actor=system_user(), today=_due())
    services.archive_sweep(actor=system_user(), today=_due() + datetime.timedelta(days=2))
    texts = [n.subject + n.body for n in Notification.objects.all()]
    assert len(texts) >= 3
    assert not any(i.title in text for text in texts for i in filed.values())


@pytest.fixture
def kept_by_the_clerk(demo):
    grant_all()
    return {level: make_item(level, custodian="A0003", title=f"库管{level}卷")
            for level in Level.values}  # fmt: skip


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
        loans.loan_apply(actor=user("emp_rd"), item=item, copies=1, reason="核对",
                         due_date=_due())  # fmt: skip


@pytest.mark.parametrize("value", ["abc", "", "-1", "1.5", "99999999999999999999", "１"])
@pytest.mark.parametrize("name", ["archives:request_create", "archives:loan_create",
                                  "archives:request_outsider"])  # fmt: skip
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
    response = client.post(f"{url}?item={item.pk}", {
        "purpose": "审计", "reason": "外部审计查阅", "outsider_name": "王某",
        "outsider_organisation": "某会计师事务所",
        "introduction_letter": SimpleUploadedFile("letter.pdf", b"%PDF-1.4 letter"),
    })  # fmt: skip
    assert response.status_code == 302
    assert ReadingRequest.objects.get().outsider_name == "王某"


def test_a_title_search_finds_no_masked_row(filed, login):
    item = filed[Level.SECRET]
    for name in ["archives:request_list", "archives:loan_list"]:
        html = login("head_rd").get(reverse(name), {"q": item.title}).content.decode()
        assert item.catalogue_no not in html, name
        html = login("head_rd").get(reverse(name), {"q": item.catalogue_no}).content.decode()
        assert item.catalogue_no in html and item.title not in html, name


def test_the_register_pdf_masks_a_title_the_reader_may_not_see(demo, login, tmp_path):
    grant_all()
    # A temporary 机密 clearance (C3): within the ceiling, but neither keeper nor overseer.
    clearance = grant("info_spec", Level.SECRET)
    clearance.temporary, clearance.valid_until = True, _due()
    save_recorded(clearance, user("hr"))
    item = make_item(Level.SECRET, custodian="R0002", title="保密题名卷")
    loan = loans.loan_apply(actor=user("emp_rd"), item=item, copies=1, reason="核对",
                            due_date=_due())  # fmt: skip
    for name in ("head_rd", "info_spec"):
        loans.loan_decide(actor=user(name), loan=loan, outcome="approve")
    loans.loan_hand_out(actor=user("archivist"), loan=loan, borrower_signed=True)
    client = login("info_spec")
    path = tmp_path / "register.pdf"
    path.write_bytes(client.get(reverse("archives:register_pdf")).content)
    text = subprocess.run([shutil.which("pdftotext"), str(path), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert item.catalogue_no in text and "保密题名卷" not in text
    html = client.get(reverse("archives:loan_list")).content.decode()
    assert item.catalogue_no in html and "保密题名卷" not in html


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("username", ["head_rd", "archivist", "emp_rd"])
def test_the_lists_cost_the_same_queries_whatever_their_length(filed, login, username):
    client = login(username)
    urls = [reverse("archives:request_list"), reverse("archives:loan_list")]
    few = [_queries(client, url) for url in urls]
    for level in (Level.INTERNAL, Level.CONFIDENTIAL, Level.SECRET):
        for _n in range(3):
            item = make_item(level, custodian="R0002", copies=5)
            loans.loan_apply(actor=user("emp_rd"), item=item, copies=1, reason="核对",
                             due_date=_due())  # fmt: skip
            reading.reading_request(actor=user("emp_rd"), item=item, purpose="核查",
                                    reason="例行")  # fmt: skip
    assert [_queries(client, url) for url in urls] == few
