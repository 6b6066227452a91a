"""A detail page runs at most 10 queries (issue 16), its access-log row included, even when
the chain's head this process remembers is stale (another worker appended meanwhile)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archives.selectors import visible_items
from audit import services
from core.classification import Level
from personnel.models import Employee
from tests.archives.helpers import make_item

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10


def queries_for(client, url) -> int:
    client.get(url)  # the session, caches and the chain's head as a second visit finds them
    services._LAST_HEAD["hash"] = "stale"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("username", "page"),
    [
        ("hr", lambda: reverse("personnel:employee_detail", args=[_employee("R0003")])),
        ("hr", lambda: reverse("personnel:employee_detail", args=[_employee("R0002")])),
        ("head_rd", lambda: reverse("personnel:employee_detail", args=[_employee("R0004")])),
        ("archivist", lambda: reverse("archives:item_detail", args=[_item("archivist")])),
        ("emp_rd", lambda: reverse("archives:item_detail", args=[_item("emp_rd")])),
    ],
)
def test_a_detail_page_runs_at_most_ten_queries(demo, login, username, page):
    assert queries_for(login(username), page()) <= MAX_QUERIES


def _employee(number: str) -> int:
    return Employee.objects.get(employee_no=number).pk


def _item(username: str) -> int:
    make_item(Level.INTERNAL)
    user = get_user_model().objects.get(username=username)
    return visible_items(user).order_by("pk").first().pk


def test_a_signed_in_page_reads_its_session_from_the_cache(demo, login):
    """Every page reads the session: from Redis, not from a database row (issue 16)."""
    client = login("hr")
    client.get(reverse("dashboard"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("dashboard")).status_code == 200
    assert not [q for q in queries.captured_queries if '"django_session"' in q["sql"]]
