"""`make bench`, exams part: 1,000 people invited to a 140-question exam (60 single choice,
60 multiple choice, 20 true or false) drawn from a bank of 300 questions.

Runs against the same gunicorn and database as bench/run.py (scripts/bench.sh). Sets up,
once, the bank, the exam, 1,000 seats with their month's assignment and a login for each
person (password of the demo logins). Then, for a sample of them in turn (`--sample`, 50),
over HTTP as each person signed in through the login form: start the exam (the paper is
drawn), open the paper page, save answers, hand it in, open the result; the signed-in floor
(`GET /accounts/login/`, as in bench/run.py) is measured with each person's session in the
same rounds. Targets: the paper page and the hand-in within 3x the signed-in floor; the same
number of SQL queries (counted in process) to draw, open, answer and hand in a paper of 20
and of 140 questions. Adds its figures to bench/results.json under "exams".
Usage: bench/exams.py --url http://127.0.0.1:PORT [--sample 50]
"""

import argparse
import datetime
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal

from run import ROOT, fetch, login, summary, wait_for  # bench/run.py (django set up)

from django.contrib.auth import get_user_model  # noqa: E402  isort: skip
from django.contrib.auth.hashers import make_password  # noqa: E402  isort: skip
from django.contrib.auth.models import Group  # noqa: E402  isort: skip
from django.db import connection, transaction  # noqa: E402  isort: skip
from django.test import Client  # noqa: E402  isort: skip
from django.test.utils import CaptureQueriesContext  # noqa: E402  isort: skip
from django.utils import timezone  # noqa: E402  isort: skip
from simple_history.utils import (  # noqa: E402  isort: skip
    bulk_create_with_history,
    bulk_update_with_history,
)

from exams.models import Exam, Question, QuestionType, QuestionVersion, Seat  # noqa: E402  isort: skip
from personnel.demo import DEMO_PASSWORD  # noqa: E402  isort: skip
from personnel.models import Employee  # noqa: E402  isort: skip
from personnel.roles import Role  # noqa: E402  isort: skip
from training.models import Assignment, TrainingKind  # noqa: E402  isort: skip
from training.services import current_month  # noqa: E402  isort: skip

PEOPLE = 1000
BANK = {QuestionType.SINGLE: 120, QuestionType.MULTIPLE: 120, QuestionType.TRUE_FALSE: 60}
LARGE = (60, 60, 20)  # 140 questions
SMALL = (9, 8, 3)  # 20 questions, for the query counts
TOPIC = "压测题库"
TITLE = "压测：保密知识考试（{n}题）"
USERNAME = "exam{n:04d}"
RATIO_TARGET = 3.0  # x the signed-in floor
ANSWERS_TIMED = 5
RESULTS = ROOT / "bench" / "results.json"
OPTIONS = ["国家秘密", "工作秘密", "商业秘密", "个人隐私"]
MULTIPLE_ANSWERS = ["AB", "ACD", "BCD", "BD", "ABC"]


# --- Setting up, once ----------------------------------------------------------------------------


def author():
    return get_user_model().objects.get(username="hr")


def bank_ensure(actor) -> int:
    if Question.objects.filter(topic=TOPIC).exists():
        return 0
    questions = [
        Question(number=f"BENCH{n:05d}", kind=kind, topic=TOPIC)
        for n, kind in enumerate(k for k, count in BANK.items() for _ in range(count))
    ]
    questions = bulk_create_with_history(questions, Question, default_user=actor)
    versions = [
        QuestionVersion(
            question=q,
            version=1,
            text=f"压测第{n + 1}题：关于国家秘密的管理，下列说法正确的是？",
            options=[] if q.kind == QuestionType.TRUE_FALSE else OPTIONS,
            answer={
                QuestionType.SINGLE: "ABCD"[n % 4],
                QuestionType.MULTIPLE: MULTIPLE_ANSWERS[n % len(MULTIPLE_ANSWERS)],
                QuestionType.TRUE_FALSE: "TF"[n % 2],
            }[q.kind],
            explanation="依据《中华人民共和国保守国家秘密法》及公司保密管理制度。",
            created_by=actor,
        )
        for n, q in enumerate(questions)
    ]
    versions = bulk_create_with_history(versions, QuestionVersion, default_user=actor)
    for q, v in zip(questions, versions, strict=True):
        q.current = v
    bulk_update_with_history(questions, Question, ["current"], default_user=actor)
    return len(questions)


def exam_ensure(actor, counts: tuple[int, int, int]) -> Exam:
    single, multiple, true_false = counts
    title = TITLE.format(n=sum(counts))
    now = timezone.now()
    exam = Exam.objects.filter(title=title).first() or Exam(
        title=title,
        kind=TrainingKind.MONTHLY,
        month=current_month(),
        topics=[TOPIC],
        single_count=single,
        multiple_count=multiple,
        true_false_count=true_false,
        single_points=Decimal(1),
        multiple_points=Decimal(1),
        true_false_points=Decimal(1),
        pass_mark=Decimal(sum(counts) * 6 // 10),
        time_limit_minutes=60,
        retakes=1,
        hours=Decimal(2),
        status=Exam.Status.PUBLISHED,
        created_by=actor,
    )
    # Open from an hour ago for a week, whenever the bench runs.
    exam.opens_at, exam.closes_at = (
        now - datetime.timedelta(hours=1),
        now + datetime.timedelta(days=7),
    )
    exam.full_clean()
    exam._history_user = actor
    exam.save()
    return exam


def people_ensure(actor) -> list[Employee]:
    """1,000 active employees, each with a login of their own (one shared password hash)."""
    User = get_user_model()
    people = list(
        Employee.objects.filter(status=Employee.Status.ACTIVE)
        .filter(user__username__startswith="exam")
        .order_by("user__username")
    )
    missing = PEOPLE - len(people)
    if missing > 0:
        fresh = list(
            Employee.objects.filter(status=Employee.Status.ACTIVE, user__isnull=True).order_by(
                "pk"
            )[:missing]
        )
        password = make_password(DEMO_PASSWORD)
        start = len(people)
        users = User.objects.bulk_create(
            [
                User(username=USERNAME.format(n=start + i), password=password)
                for i in range(len(fresh))
            ]
        )
        group = Group.objects.get(name=Role.EMPLOYEE)
        User.groups.through.objects.bulk_create(
            User.groups.through(user_id=u.pk, group_id=group.pk) for u in users
        )
        for employee, user in zip(fresh, users, strict=True):
            employee.user = user
        bulk_update_with_history(fresh, Employee, ["user"], batch_size=1000, default_user=actor)
        people += fresh
    return people[:PEOPLE]


def seats_ensure(actor, exam: Exam, people) -> int:
    """A seat per person, through the month's assignment (made when missing)."""
    month = current_month()
    assignments = dict(
        Assignment.objects.filter(
            employee__in=people, kind=TrainingKind.MONTHLY, month=month
        ).values_list("employee_id", "pk")
    )
    new = [
        Assignment(employee=e, kind=TrainingKind.MONTHLY, month=month)
        for e in people
        if e.pk not in assignments
    ]
    for a in bulk_create_with_history(new, Assignment, batch_size=1000, default_user=actor):
        assignments[a.employee_id] = a.pk
    seated = set(Seat.objects.filter(exam=exam).values_list("employee_id", flat=True))
    seats = [
        Seat(exam=exam, employee=e, assignment_id=assignments[e.pk])
        for e in people
        if e.pk not in seated
    ]
    bulk_create_with_history(seats, Seat, batch_size=1000, default_user=actor)
    return len(seats)


@transaction.atomic
def set_up() -> dict:
    actor = author()
    started = time.monotonic()
    created = bank_ensure(actor)
    large, small = exam_ensure(actor, LARGE), exam_ensure(actor, SMALL)
    people = people_ensure(actor)
    seated = seats_ensure(actor, large, people) + seats_ensure(actor, small, people)
    return {
        "bank_created": created,
        "people": len(people),
        "seats_created": seated,
        "large": large,
        "small": small,
        "setup_s": round(time.monotonic() - started, 1),
    }


# --- Over HTTP -----------------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post(opener, url: str, data: dict) -> tuple[float, int, str, bytes]:
    """A form post with the session's CSRF token; the redirect is not followed (timed alone)."""
    jar = next(h.cookiejar for h in opener.handlers if hasattr(h, "cookiejar"))
    token = next(c.value for c in jar if c.name == "csrftoken")
    direct = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    body = urllib.parse.urlencode(data, doseq=True).encode()
    request = urllib.request.Request(url, body, headers={"X-CSRFToken": token, "Referer": url})
    started = time.perf_counter()
    try:
        with direct.open(request) as response:
            content, status, location = response.read(), response.status, ""
    except urllib.error.HTTPError as error:
        content, status, location = error.read(), error.code, error.headers.get("Location", "")
    return time.perf_counter() - started, status, location, content


def sit(base: str, username: str, seat: Seat, samples: dict) -> None:
    opener = login(base, username)
    floor, _body = fetch(opener, base + "/accounts/login/")
    samples["floor"].append(floor)
    elapsed, status, location, _ = post(opener, f"{base}/exams/seats/{seat.pk}/start/", {})
    match = re.search(r"/exams/papers/(\d+)/$", location)
    if status != 302 or not match:
        sys.exit(f"bench: starting as {username} answered {status} {location}")
    samples["start (draw 140)"].append(elapsed)
    paper_url = f"{base}/exams/papers/{match.group(1)}/"
    elapsed, page = fetch(opener, paper_url)
    samples["paper page"].append(elapsed)
    if page.count(b'data-testid="question"') != sum(LARGE):
        sys.exit(f"bench: the paper of {username} does not show {sum(LARGE)} questions")
    for position in range(1, ANSWERS_TIMED + 1):
        elapsed, status, _, content = post(
            opener, paper_url + "answer/", {"position": position, "given": "A"}
        )
        if status != 200 or b"answer-saved" not in content:
            sys.exit(f"bench: saving an answer as {username} answered {status}")
        samples["answer"].append(elapsed)
    floor, _body = fetch(opener, base + "/accounts/login/")
    samples["floor"].append(floor)
    elapsed, status, _, _ = post(opener, paper_url + "submit/", {})
    if status != 302:
        sys.exit(f"bench: handing in as {username} answered {status}")
    samples["hand in"].append(elapsed)
    elapsed, _body = fetch(opener, paper_url)
    samples["result page"].append(elapsed)


def sample_seats(exam: Exam, size: int) -> list[Seat]:
    """Seats nobody has sat yet (the bench may run again on the same database)."""
    return list(
        Seat.objects.filter(exam=exam, papers__isnull=True)
        .select_related("employee__user")
        .order_by("employee__user__username")[:size]
    )


# --- Queries, in process -------------------------------------------------------------------------


def count_queries(exam: Exam, seat: Seat) -> dict:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(seat.employee.user)
    counts = {}
    with CaptureQueriesContext(connection) as q:
        response = client.post(f"/exams/seats/{seat.pk}/start/")
    counts["draw"] = len(q)
    url = response.url
    client.get(url)  # the session's first page settles its own facts
    with CaptureQueriesContext(connection) as q:
        assert client.get(url).status_code == 200
    counts["paper page"] = len(q)
    with CaptureQueriesContext(connection) as q:
        client.post(url + "answer/", {"position": 1, "given": "A"})
    counts["answer"] = len(q)
    with CaptureQueriesContext(connection) as q:
        client.post(url + "submit/")
    counts["hand in"] = len(q)
    return counts


# --- Report --------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--sample", type=int, default=int(os.environ.get("BENCH_EXAM_SAMPLE", 50)))
    args = parser.parse_args()
    base = args.url.rstrip("/")
    wait_for(base)
    setup = set_up()
    large, small = setup.pop("large"), setup.pop("small")
    print(f"\nexams: {setup}")
    seats = sample_seats(large, args.sample + 1)
    small_seats = sample_seats(small, 1)
    if len(seats) < args.sample + 1 or not small_seats:
        sys.exit("bench: every seat was sat already; recreate the bench database")
    queries = {
        f"{sum(SMALL)} questions": count_queries(small, small_seats[0]),
        f"{sum(LARGE)} questions": count_queries(large, seats.pop()),
    }
    samples = {
        name: []
        for name in ("floor", "start (draw 140)", "paper page", "answer", "hand in", "result page")
    }
    warm = seats.pop()  # a first run warms the workers' caches; not counted
    sit(base, warm.employee.user.username, warm, {name: [] for name in samples})
    for seat in seats[: args.sample - 1]:
        sit(base, seat.employee.user.username, seat, samples)
    rows = {name: summary(times) for name, times in samples.items()}
    floor = rows["floor"]["median_ms"]
    for row in rows.values():
        row["ratio_signed_in"] = round(row["median_ms"] / floor, 2)
    page_ratio, submit_ratio = (
        rows["paper page"]["ratio_signed_in"],
        rows["hand in"]["ratio_signed_in"],
    )
    sizes = list(queries.values())
    targets = {
        f"paper page ({sum(LARGE)} questions) within {RATIO_TARGET:g}x the signed-in floor "
        f"({page_ratio:.2f}x)": page_ratio <= RATIO_TARGET,
        f"hand in within {RATIO_TARGET:g}x the signed-in floor ({submit_ratio:.2f}x)": (
            submit_ratio <= RATIO_TARGET
        ),
        f"SQL queries the same at {sum(SMALL)} and {sum(LARGE)} questions": sizes[0] == sizes[1],
    }
    _print(rows, queries, targets)
    _save(setup, rows, queries, targets)
    return 0 if all(targets.values()) else 1


def _print(rows, queries, targets) -> None:
    print(f"\n{'exam step':<20}{'median ms':>10}{'p95 ms':>9}{'n':>5}{'x signed':>10}")
    print("-" * 54)
    for name, row in rows.items():
        print(
            f"{name:<20}{row['median_ms']:>10.1f}{row['p95_ms']:>9.1f}{row['n']:>5}"
            f"{row['ratio_signed_in']:>10.2f}"
        )
    steps = list(next(iter(queries.values())))
    print(f"\n{'SQL queries':<16}" + "".join(f"{step:>12}" for step in steps))
    for size, counts in queries.items():
        print(f"{size:<16}" + "".join(f"{counts[step]:>12}" for step in steps))
    print()
    for target, ok in targets.items():
        print(f"{'PASS' if ok else 'FAIL'}  {target}")


def _save(setup, rows, queries, targets) -> None:
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["exams"] = {
        **setup,
        "paper_questions": sum(LARGE),
        "steps": rows,
        "queries": queries,
        "targets": targets,
    }
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(f"\nwritten {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
