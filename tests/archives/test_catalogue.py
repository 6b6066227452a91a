"""A1/A2/A5: registering items with their intake handover, defaults, custodians, removal;
C2/A5: nobody sees an item above their effective clearance, whatever their role, and a
机密/绝密 item only its custodian, the archive's overseers and approved readers; a request
or loan names its item's title only to those the catalogue shows the item to (issue 13,
item 9)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from approvals.models import ApprovalChain
from archives.models import ArchiveItem, ItemMovement, Loan, ReadingRequest
from archives.selectors import visible_items
from archives.services import catalogue, loans, reading
from archives.sweeps import archive_sweep
from audit.models import AccessLog
from clearance.models import Clearance
from core.classification import Level, level_rank
from core.errors import DomainError
from core.models import Notification
from core.transitions import transition
from personnel.models import Department, Employee
from personnel.services.accounts import system_user
from tests.test_access_matrix import ROLES

from .helpers import CLEARED, employee, grant, grant_all, make_item, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def cleared(demo):
    grant_all()


def form(**overrides):
    data = {
        "catalogue_no": "CS-2026-900",
        "title": "重点客户档案",
        "level": Level.SECRET,
        "retention_years": 30,
        "location": "二号机要库3排",
        "copies": 2,
        "department": Department.objects.get(code="CS").pk,
        "custodian": Employee.objects.get(employee_no="A0003").pk,
        "handed_over_by": "客服部内勤",
    }
    return {**data, **overrides}


def test_the_clerk_registers_an_item_with_its_intake_handover(cleared, login):
    response = login("archivist").post(reverse("archives:item_create"), form())
    item = ArchiveItem.objects.get(catalogue_no="CS-2026-900")
    assert response.status_code == 302 and item.secrecy_years == 20  # 机密 default (A1)
    intake = item.movements.get()
    assert (intake.kind, intake.handed_over_by, intake.received_by) == (
        ItemMovement.Kind.INTAKE,
        "客服部内勤",
        "周敏",
    )
    assert item.history.get().history_user == user("archivist")
    assert item.retention_until.year == item.registered_on.year + 30


def test_a_classified_item_needs_a_custodian_and_a_unique_number(cleared, login):
    client = login("archivist")
    response = client.post(reverse("archives:item_create"), form(custodian=""))
    assert response.status_code == 200 and not ArchiveItem.objects.exists()
    client.post(reverse("archives:item_create"), form())
    response = client.post(reverse("archives:item_create"), form(title="另一份"))
    assert response.status_code == 200 and ArchiveItem.objects.count() == 1


def test_the_clerk_registers_nothing_above_their_own_clearance(cleared, login):
    response = login("archivist").post(
        reverse("archives:item_create"), form(level=Level.TOP_SECRET)
    )
    assert response.status_code == 403 and not ArchiveItem.objects.exists()
    assert login("emp_cs").get(reverse("archives:item_create")).status_code == 403


def test_removal_records_the_handover_and_keeps_the_item_listed(cleared, login):
    item = make_item(Level.INTERNAL)
    login("archivist").post(
        reverse("archives:item_remove", args=[item.pk]),
        {"received_by": "市档案馆 王某", "note": "移交进馆"},
    )
    item.refresh_from_db()
    assert item.status == ArchiveItem.Status.REMOVED
    removal = item.movements.get(kind=ItemMovement.Kind.REMOVAL)
    assert (removal.handed_over_by, removal.received_by) == ("周敏", "市档案馆 王某")
    with pytest.raises(DomainError):
        catalogue.item_remove(actor=user("archivist"), item=item, received_by="x")
    page = login("emp_cs").get(reverse("archives:item_list"), {"status": "removed"})
    assert page.context["page"].paginator.count == 1


def test_lists_are_marked_with_the_highest_level_they_show(cleared, login):
    make_item(Level.INTERNAL, title="内部通讯录")
    make_item(Level.SECRET, title="研发图纸目录", custodian="A0003")

    def marking(username, url):
        html = login(username).get(url).content.decode()
        return html.split('data-testid="marking">')[1].split("<")[0]

    items = reverse("archives:item_list")
    assert marking("archivist", items) == "机密★"  # the clerk oversees 机密
    assert marking("it", items) == "内部"  # no clearance: 内部 only
    assert marking("archivist", items + "?level=internal") == "内部"


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
        200 if visible else 404
    )
    # Asking to read or borrow: only for an item the catalogue shows (issue 13 item 9).
    for name in ("archives:request_create", "archives:loan_create"):
        response = client.get(reverse(name), {"item": item.pk})
        assert response.status_code == (200 if visible else 404)


@pytest.fixture
def traffic(items):
    """For each item: a loan and a reading request by `security` (cleared for 绝密), so the
    register, the request list and the inbox have a row for every level."""
    for level, item in items.items():
        loan = loans.loan_apply(
            actor=user("security"), item=item, copies=1, reason="核查", due_date=item.registered_on
        )
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
    pages = [
        reverse("archives:loan_list"),
        reverse("archives:request_list"),
        reverse("approvals:inbox"),
        reverse("archives:item_list") + "?status=on_loan",
        reverse("archives:statistics_list"),
    ]
    for page in pages:
        html = client.get(page).content.decode()
        assert item.title not in html and item.catalogue_no not in html, page
    if username not in DECIDERS and username != "security":
        for name, obj in [
            ("archives:loan_detail", item.loans.get()),
            ("archives:request_detail", item.reading_requests.get()),
        ]:
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
    assert AccessLog.objects.filter(
        user=user("archivist"), target_id=str(item.pk), target_type="archives.archiveitem"
    ).exists()


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


def test_the_signed_in_users_clearance_is_read_with_them_on_each_request(items, login):
    """clearance.selectors.held_today_sql: no query of its own on an archive page, and read
    afresh with the user on the next request (an expired clearance stops counting at once)."""
    client = login("info_spec")  # cleared for 秘密 (CLEARED)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("archives:item_list"), {"level": Level.CONFIDENTIAL})
    reading = [q["sql"] for q in queries.captured_queries if '"clearance_clearance"' in q["sql"]]
    assert len(reading) == 1 and '"auth_user"' in reading[0]
    assert page.context["page"].paginator.count == 1
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Clearance.objects.filter(employee=employee("info_spec")).update(valid_until=yesterday)
    page = client.get(reverse("archives:item_list"), {"level": Level.CONFIDENTIAL})
    assert page.context["page"].paginator.count == 0


def test_the_catalogue_counts_by_the_tallies_read_with_the_user(items, login):
    """archives.selectors.tallies_sql: the unfiltered catalogue's count reads no tally of its
    own, and an item registered since counts at the next request."""
    client = login("archivist")
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("archives:item_list"))
    tallies = [q["sql"] for q in queries.captured_queries if '"archives_leveltally"' in q["sql"]]
    assert len(tallies) == 1 and '"auth_user"' in tallies[0]
    count = page.context["page"].paginator.count
    assert count == visible_items(user("archivist")).count()
    make_item(Level.INTERNAL)
    page = client.get(reverse("archives:item_list"))
    assert page.context["page"].paginator.count == count + 1


def test_the_ceiling_is_one_database_condition(items):
    sql = str(visible_items(user("archivist")).query)
    assert "level" in sql and ArchiveItem._meta.db_table in sql


MATRIX_ROLES = [
    "emp_rd",
    "emp_cs",
    "head_rd",
    "head_cs",
    "info_spec",
    "archivist",
    "security",
    "gm",
    "vp",
    "auditor",
    "hr",
    "hr_head",
]
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
    items = {
        level: make_item(level, custodian="R0002", title=f"题名{level}卷") for level in Level.values
    }
    for filer, (levels, head) in FILERS.items():
        for level in levels:
            loan = loans.loan_apply(
                actor=user(filer), item=items[level], copies=1, reason="核对", due_date=_due()
            )
            loans.loan_decide(actor=user(head), loan=loan, outcome="approve")
            ask = reading.reading_request(
                actor=user(filer), item=items[level], purpose="核查", reason="例行"
            )
            reading.request_decide(actor=user(head), request=ask, outcome="approve")
    # The 绝密 loan then waits for two of the leadership group (gm, vp): cleared, but neither
    # keeper nor overseer of the item.
    loans.loan_decide(
        actor=user("info_spec"), outcome="approve", loan=items[Level.TOP_SECRET].loans.get()
    )
    return items


def _pages_of(item):
    return [reverse("archives:loan_detail", args=[loan.pk]) for loan in item.loans.all()] + [
        reverse("archives:request_detail", args=[r.pk]) for r in item.reading_requests.all()
    ]


@pytest.mark.parametrize("username", MATRIX_ROLES)
def test_a_title_shows_exactly_where_the_catalogue_shows_the_item(filed, login, username):
    client = login(username)
    lists = {
        url: client.get(url).content.decode()
        for url in [
            reverse("archives:loan_list"),
            reverse("archives:request_list"),
            reverse("approvals:inbox"),
        ]
    }
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
    assert (
        item.title
        in login("emp_rd")
        .get(reverse("archives:request_detail", args=[request.pk]))
        .content.decode()
    )


def test_a_chain_title_never_names_the_item(filed):
    kinds = [ReadingRequest.CHAIN_KIND, Loan.CHAIN_KIND]
    for chain in ApprovalChain.objects.filter(kind__in=kinds):
        for item in filed.values():
            assert item.title not in chain.title and item.catalogue_no not in chain.title


def test_no_notification_names_an_item(filed):
    item = filed[Level.INTERNAL]
    loan = item.loans.get(borrower__user__username="emp_cs")
    loans.loan_decide(actor=user("info_spec"), loan=loan, outcome="approve")
    loans.loan_hand_out(actor=user("archivist"), loan=loan, borrower_signed=True)
    ask = item.reading_requests.get(requester__user__username="emp_cs")
    reading.request_decide(actor=user("archivist"), request=ask, outcome="approve")
    archive_sweep(actor=system_user(), today=_due())
    archive_sweep(actor=system_user(), today=_due() + datetime.timedelta(days=2))
    texts = [n.subject + n.body for n in Notification.objects.all()]
    assert len(texts) >= 3
    assert not any(i.title in text for text in texts for i in filed.values())


def test_a_title_search_finds_no_masked_row(filed, login):
    item = filed[Level.SECRET]
    for name in ["archives:request_list", "archives:loan_list"]:
        html = login("head_rd").get(reverse(name), {"q": item.title}).content.decode()
        assert item.catalogue_no not in html, name
        html = login("head_rd").get(reverse(name), {"q": item.catalogue_no}).content.decode()
        assert item.catalogue_no in html and item.title not in html, name


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
            loans.loan_apply(
                actor=user("emp_rd"), item=item, copies=1, reason="核对", due_date=_due()
            )
            reading.reading_request(actor=user("emp_rd"), item=item, purpose="核查", reason="例行")
    assert [_queries(client, url) for url in urls] == few


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (ArchiveItem.Status.REMOVED, ArchiveItem.Status.IN_STORE),
        (ArchiveItem.Status.DESTROYED, ArchiveItem.Status.MISSING),
        (ArchiveItem.Status.ON_LOAN, ArchiveItem.Status.DESTROYED),
    ],
)
def test_an_item_refuses_a_move_its_table_does_not_list(start, to):
    row = ArchiveItem(status=start)
    with pytest.raises(DomainError):
        transition(row, to)
    assert row.status == start


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (ArchiveItem.Status.IN_STORE, ArchiveItem.Status.ON_LOAN),
        (ArchiveItem.Status.MISSING, ArchiveItem.Status.IN_STORE),
    ],
)
def test_an_item_takes_a_move_its_table_lists(start, to):
    row = ArchiveItem(status=start)
    transition(row, to)
    assert row.status == to
