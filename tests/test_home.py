"""The home page per role (issue 17): what each person must do today, each with its count and
a link to the list that shows those very rows to the same person."""

import datetime
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from archives.services import inspections, loans, missing
from archives.sweeps import archive_sweep
from clearance.services import incidents
from core.classification import Level
from offboarding import services as offboarding
from onboarding import services as onboarding
from personnel.identity import gb11643_check_digit
from personnel.models import Department, Employee, Position
from reports.registry import reports_for
from tests.archives.helpers import grant_all, make_item
from tests.clearance.test_travel import brief, decide, request_trip
from training import sweeps as training_sweeps
from training.models import Assignment

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
RESIGNATION_CHAIN = ["head_cs", "hr", "hr_head", "vp", "gm"]


def user(name):
    return get_user_model().objects.get(username=name)


def home(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response


def sections(response) -> dict:
    return {section.key: section for section in response.context["sections"]}


def counts(response, key) -> dict:
    return {item.key: item.count for item in sections(response)[key].todo}


def item(response, section, key):
    return next(i for i in sections(response)[section].items if i.key == key)


def listed(client, url) -> int:
    """Follows an item's link as the same person: 200, and the number of rows it lists."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


def resign(who="emp_cs", no="C0002"):
    return offboarding.resignation_submit(
        actor=user(who),
        employee=Employee.objects.get(employee_no=no),
        last_day=timezone.localdate() + 30 * DAY,
        reason="个人发展",
    )


def approve_resignation(resignation):
    for name in RESIGNATION_CHAIN:
        step = resignation.chain.current_step()
        opinion = {"handover_arrangements": "交接给许静"} if step.order == 1 else {}
        offboarding.resignation_decide(
            actor=user(name),
            resignation=resignation,
            outcome="approve",
            comment="同意",
            opinion=opinion,
        )
    resignation.refresh_from_db()
    return resignation


_serials = itertools.count(100)


def candidate(name):
    first17 = f"11010119900101{next(_serials):03d}"
    return onboarding.candidate_register(
        actor=user("hr"),
        name=name,
        id_number=first17 + gb11643_check_digit(first17),
        department=Department.objects.get(code="RD"),
        position=Position.objects.get(department__code="RD", title="研发工程师"),
    )


def loan(borrower, *, days=3, handed_out=True):
    made = loans.loan_apply(
        actor=user(borrower),
        item=make_item(Level.INTERNAL),
        copies=1,
        reason="现场核对",
        due_date=timezone.localdate() + days * DAY,
    )
    head = {"emp_rd": "head_rd", "emp_cs": "head_cs"}[borrower]
    for name in (head, "info_spec"):
        loans.loan_decide(actor=user(name), loan=made, outcome="approve")
    made.refresh_from_db()
    if handed_out:
        loans.loan_hand_out(actor=user("archivist"), loan=made, borrower_signed=True)
        made.refresh_from_db()
    return made


# --- Who sees which sections ------------------------------------------------------------


def test_an_employee_sees_only_their_own_section_and_no_meaningless_counter(demo, login):
    response = home(login("emp_cs"))
    assert list(sections(response)) == ["mine"]
    html = response.content.decode()
    assert "您可查看的员工" not in html and "Employees you can see" not in html
    assert "今天这里没有待办事项" in html  # nothing to do: one calm line, no zeros


@pytest.mark.parametrize(
    "username, expected",
    [
        ("hr", ["approvals", "hr", "mine"]),
        ("hr_head", ["head", "mine"]),  # heads the admin department: approvals in that section
        ("head_cs", ["head", "mine"]),
        ("vp", ["approvals", "mine"]),
        ("security", ["approvals", "security", "mine"]),
        ("archivist", ["archivist", "mine"]),
        ("it", ["it", "mine"]),
        ("auditor", ["auditor", "mine"]),
    ],
)
def test_each_role_has_its_section_in_order(demo, login, username, expected):
    assert list(sections(home(login(username)))) == expected


# --- The roles' counts, each equal to what its link lists -------------------------------


def test_hr_sees_candidates_leavers_training_and_unsigned_commitments(demo, login):
    candidate("候选甲")
    candidate("候选乙")
    approve_resignation(resign())
    training_sweeps.assign_monthly(actor=user("hr"))
    client = login("hr")
    response = home(client)
    got = counts(response, "hr")
    this_month = timezone.localdate().replace(day=1)
    unrecorded = Assignment.objects.filter(
        kind="monthly", month=this_month, status=Assignment.Status.ASSIGNED
    )
    assert got["candidates"] == 2 and got["leavers"] == 1 and got["agreements"] == 2
    assert got["training"] == unrecorded.count() > 0
    for key in ("candidates", "leavers", "agreements"):
        assert listed(client, item(response, "hr", key).url) == got[key]
    unsigned = client.get(item(response, "hr", "agreements").url).context["page"]
    assert {e.name for e in unsigned} == {"唐宁", "曹颖"}
    compliance = client.get(item(response, "hr", "training").url)
    assert compliance.status_code == 200
    total = compliance.context["total"]
    assert total.assigned - total.attended - total.overdue == got["training"]
    assert client.get(item(response, "hr", "pre_post").url).status_code == 200


def test_a_head_counts_only_their_department(demo, login):
    resign()  # 林芳, 客服部: waits for head_cs
    resign(who="emp_rd", no="R0002")  # 黄磊, 研发部: not head_cs's
    previous = (timezone.localdate().replace(day=1) - DAY).replace(day=1)
    training_sweeps.assign_monthly(actor=user("hr"), month=previous)
    training_sweeps.sweep_reminders(actor=user("hr"))
    overdue = Assignment.objects.filter(month=previous, status=Assignment.Status.OVERDUE)
    in_cs = overdue.filter(employee__department__code="CS").count()
    assert 0 < in_cs < overdue.count()

    client = login("head_cs")
    response = home(client)
    got = counts(response, "head")
    assert got == {"approvals": 1, "training_overdue": in_cs, "leavers_in_approval": 1}
    assert listed(client, item(response, "head", "leavers_in_approval").url) == 1
    assert listed(client, item(response, "head", "approvals").url) == 1
    page = client.get(item(response, "head", "training_overdue").url)
    assert page.context["overdue"].paginator.count == in_cs


def test_the_head_of_admin_counts_their_people_though_their_role_sees_everyone(demo, login):
    previous = (timezone.localdate().replace(day=1) - DAY).replace(day=1)
    training_sweeps.assign_monthly(actor=user("hr"), month=previous)
    training_sweeps.sweep_reminders(actor=user("hr"))
    overdue = Assignment.objects.filter(month=previous, status=Assignment.Status.OVERDUE)
    in_adm = overdue.filter(employee__department__code="ADM").count()
    got = counts(home(login("hr_head")), "head")
    assert got.get("training_overdue", 0) == in_adm < overdue.count()


def test_the_archivist_sees_loans_missing_items_and_inspections(demo, login):
    grant_all()
    late = loan("emp_cs", days=1)
    archive_sweep(actor=user("hr"), today=late.due_date + DAY)  # marked overdue
    loan("emp_cs", days=0)  # due back today
    loan("emp_rd", days=2, handed_out=False)  # approved, to hand out
    lost = make_item(Level.INTERNAL)
    missing.missing_report(actor=user("archivist"), item=lost, missing_since=timezone.localdate())
    client = login("archivist")
    response = home(client)
    got = counts(response, "archivist")
    assert got["hand_out"] == 1 and got["due_today"] == 1 and got["overdue"] == 1
    assert got["missing"] == 1 and got["inspection_due"] == 1 and "inspections" not in got
    for key in ("hand_out", "due_today", "overdue"):
        assert listed(client, item(response, "archivist", key).url) == 1
    items = client.get(item(response, "archivist", "missing").url)
    assert [i.pk for i in items.context["page"]] == [lost.pk]

    inspections.inspection_plan(
        actor=user("archivist"), title="上半年检查", planned_on=timezone.localdate()
    )
    got = counts(home(client), "archivist")
    assert got["inspections"] == 1 and "inspection_due" not in got


def test_it_sees_accounts_to_revoke_and_equipment(demo, login):
    approve_resignation(resign())
    client = login("it")
    response = home(client)
    assert counts(response, "it") == {"revoke": 1, "equipment": 1}
    assert listed(client, item(response, "it", "revoke").url) == 2  # the inbox holds both


def test_security_sees_the_desk(demo, login):
    trip = request_trip("emp_rd")
    decide("head_rd", trip)
    incidents.incident_report(
        actor=user("emp_cs"),
        title="资料外泄",
        description="x",
        discovered_at=timezone.now() - datetime.timedelta(hours=2),
    )
    client = login("security")
    response = home(client)
    got = counts(response, "security")
    assert got == {"trips_deciding": 1, "incidents": 1}
    desk = client.get(item(response, "security", "incidents").url)
    assert desk.status_code == 200
    assert len(desk.context["trips"]) == 1 and len(desk.context["incidents"]) == 1
    assert "打开保密工作台" in response.content.decode()


def test_the_auditor_sees_the_reports(demo, login):
    client = login("auditor")
    response = home(client)
    reports = item(response, "auditor", "reports")
    assert reports.count == len(reports_for(user("auditor"))) > 0
    assert [row.text for row in reports.rows] == [
        str(r.title) for r in reports_for(user("auditor"))
    ]
    assert client.get(reports.url).status_code == 200


# --- The employee's own affairs ---------------------------------------------------------


def test_an_employee_sees_their_trainings_briefings_loans_and_requests(demo, login):
    grant_all()
    training_sweeps.assign_monthly(actor=user("hr"))
    trip = request_trip("emp_rd")
    decide("head_rd", trip)
    brief(trip, confirm=False)
    loan("emp_rd", days=0)
    loan("emp_rd", days=2, handed_out=False)
    resign(who="emp_rd", no="R0002")
    client = login("emp_rd")
    response = home(client)
    got = counts(response, "mine")
    assert got == {"trainings": 1, "briefings": 1, "loans": 2, "requests": 2}
    notes = [row.note for row in item(response, "mine", "loans").rows]
    assert notes[0] == "今日到期归还" and notes[1].startswith("已批准，待领取")
    waits = {row.note for row in item(response, "mine", "requests").rows}
    assert waits == {"等待：部门意见（员工特别事项处理意见表） · 研发部", "等待：保密办"}
    for entry in sections(response)["mine"].todo:
        for url in [entry.url, *(row.url for row in entry.rows)]:
            if url:
                assert client.get(url).status_code == 200, url


# --- Cost -------------------------------------------------------------------------------


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        home(client)
    return len(captured)


def test_the_home_page_costs_the_same_queries_however_much_there_is_to_do(demo, login):
    grant_all()
    client = login("archivist")
    loan("emp_cs", days=1)
    candidate("候选甲")
    before = _queries(client)
    for _ in range(3):
        loan("emp_cs", days=0)
        loan("emp_rd", days=2, handed_out=False)
        candidate("候选乙")
    assert _queries(client) == before
    hr = login("hr")
    before = _queries(hr)
    candidate("候选丙")
    approve_resignation(resign())
    assert _queries(hr) == before <= 40
