"""C2/A5: nobody sees an item above their effective clearance, whatever their role; a
机密/绝密 item only its custodian, the archive's overseers and approved readers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archives.models import ArchiveItem
from archives.selectors import visible_items
from audit.models import AccessLog
from core.classification import Level, level_rank
from tests.test_access_matrix import ROLES

from .helpers import CLEARED, grant_all, make_item, user

pytestmark = pytest.mark.django_db
OVERSEERS = {"archivist", "security"}


@pytest.fixture
def items(demo):
    grant_all()
    return {level: make_item(level, title=f"标题{level}卷") for level in Level.values}


def sees(username, level) -> bool:
    reaches = level_rank(level) <= level_rank(CLEARED.get(username, Level.INTERNAL))
    if level in (Level.SECRET, Level.TOP_SECRET):
        return reaches and username in OVERSEERS
    return reaches


def within_ceiling(username, level) -> bool:
    return level_rank(level) <= level_rank(CLEARED.get(username, Level.INTERNAL))


@pytest.mark.parametrize("level", Level.values)
@pytest.mark.parametrize("username", ROLES)
def test_the_ceiling_on_every_archive_url(items, login, username, level):
    item = items[level]
    client = login(username)
    visible = sees(username, level)
    link = reverse("archives:item_detail", args=[item.pk])
    for query in (item.catalogue_no, item.title):
        searched = client.get(reverse("archives:item_list"), {"q": query})
        assert (link in searched.content.decode()) == visible
        assert searched.context["page"].paginator.count == (1 if visible else 0)
    listed = client.get(reverse("archives:item_list"), {"level": level})
    assert listed.context["page"].paginator.count == (1 if visible else 0)
    assert client.get(reverse("archives:item_detail", args=[item.pk])).status_code == (
        200 if visible else 404)  # fmt: skip
    # Asking to read or borrow: only for an item the catalogue shows (issue 13 item 9).
    for name in ("archives:request_create", "archives:loan_create"):
        response = client.get(reverse(name), {"item": item.pk})
        assert response.status_code == (200 if visible else 404)


@pytest.fixture
def traffic(items):
    """For each item: a loan and a reading request by `security` (cleared for 绝密), so the
    register, the request list and the inbox have a row for every level."""
    from archives import loans, reading

    for level, item in items.items():
        loan = loans.loan_apply(actor=user("security"), item=item, copies=1, reason="核查",
                                due_date=item.registered_on)  # fmt: skip
        deciders = ["hr_head", "info_spec"] + (["gm", "vp"] if level == Level.TOP_SECRET else [])
        for name in deciders:
            loans.loan_decide(actor=user(name), loan=loan, outcome="approve")
        if level != Level.TOP_SECRET:  # above the clerk's own clearance: not handed out
            loans.loan_hand_out(actor=user("archivist"), loan=loan, borrower_signed=True)
        reading.reading_request(actor=user("security"), item=item, purpose="核查", reason="例行")
    return items


# Who decides something of `security`'s in `traffic` (their pages mask the item instead).
DECIDERS = {"hr_head", "info_spec", "gm", "vp"}


@pytest.mark.parametrize("level", Level.values)
@pytest.mark.parametrize("username", ROLES)
def test_the_ceiling_on_the_register_requests_and_inbox(traffic, login, username, level):
    item = traffic[level]
    if within_ceiling(username, level):
        return  # what a user within the ceiling sees depends on their role (other tests)
    client = login(username)
    pages = [reverse("archives:loan_list"), reverse("archives:request_list"),
             reverse("approvals:inbox"), reverse("archives:item_list") + "?status=on_loan",
             reverse("archives:statistics_list")]  # fmt: skip
    for page in pages:
        html = client.get(page).content.decode()
        assert item.title not in html and item.catalogue_no not in html, page
    if username not in DECIDERS and username != "security":
        for name, obj in [("archives:loan_detail", item.loans.get()),
                          ("archives:request_detail", item.reading_requests.get())]:  # fmt: skip
            assert client.get(reverse(name, args=[obj.pk])).status_code == 404


def test_the_register_shows_those_rows_to_a_reader_cleared_for_them(traffic, login):
    html = login("archivist").get(reverse("archives:loan_list")).content.decode()
    assert all(traffic[level].title in html for level in Level.values if level != "top_secret")
    assert traffic[Level.TOP_SECRET].title not in html  # the clerk is cleared to 机密 only
    html = login("security").get(reverse("archives:request_list")).content.decode()
    assert all(item.title in html for item in traffic.values())


def test_users_without_an_employee_record_see_nothing(items, client):
    client.force_login(user("sysadmin"))  # an administrator, nobody in the organisation
    assert visible_items(user("sysadmin")).count() == 0
    page = client.get(reverse("archives:item_detail", args=[items["internal"].pk]))
    assert page.status_code == 404


def test_the_custodian_sees_their_item(items):
    from personnel.models import Employee

    from .helpers import employee, grant

    custodian = Employee.objects.get(employee_no="R0003")
    item = make_item(Level.SECRET, custodian="R0002")  # emp_rd keeps it
    assert visible_items(user("emp_rd")).filter(pk=item.pk).exists()
    assert custodian.user_id is None and employee("emp_rd").pk == item.custodian_id
    # head_rd is cleared for 绝密 but neither custodian nor overseer.
    assert not visible_items(user("head_rd")).filter(pk=item.pk).exists()
    # hr is not classified: a permanent grant above the tier does not count.
    grant("hr", Level.CONFIDENTIAL)
    assert not visible_items(user("hr")).filter(pk=items[Level.CONFIDENTIAL].pk).exists()


def test_the_item_page_writes_the_access_log_and_shows_the_marking(items, login):
    item = items[Level.SECRET]
    response = login("archivist").get(reverse("archives:item_detail", args=[item.pk]))
    assert '<div class="marking marking-secret' in response.content.decode()
    assert "机密★20年" in response.content.decode()
    assert AccessLog.objects.filter(user=user("archivist"), target_id=str(item.pk),
                                    target_type="archives.archiveitem").exists()  # fmt: skip


def _list_queries(client, **params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("archives:item_list"), params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("username", ["archivist", "emp_cs"])
def test_the_list_costs_the_same_queries_whatever_its_length(items, login, username):
    client = login(username)
    few = _list_queries(client)
    for _n in range(30):
        make_item(Level.INTERNAL)
        make_item(Level.SECRET)
    assert _list_queries(client) == few
    assert _list_queries(client, q="测试") == _list_queries(client, q="测试", page=2)


def test_the_ceiling_is_one_database_condition(items):
    sql = str(visible_items(user("archivist")).query)
    assert "level" in sql and ArchiveItem._meta.db_table in sql
