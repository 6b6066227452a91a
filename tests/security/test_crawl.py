"""Every URL pattern of every app, requested with malformed parameters by a signed-in HR user
and an employee: a refusal is a 4xx page, never a 500 (exceptions propagate, so a failure
shows its traceback)."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from personnel.demo import seed_demo

pytestmark = pytest.mark.django_db

LONG = "x" * 10_000
USERS = ["hr", "emp_rd"]
# Path values, kept where the route's converter accepts them: "1" reaches a real demo object,
# then an id past any integer column, letters, the ends of the calendar and sheer length.
# (Letters never match an <int:…> segment: the resolver answers 404 before any view runs.)
PATH_VALUES = ["1", "99999999999999999999", "abc", "0001-01-01", "9999-12-31", LONG]
# Each profile gives every parameter a malformed value of its kind, so one request tries all
# parameters at once without a refused date hiding what a refused id would do.
PROFILES = [
    {
        "date": "0001-01-01",
        "datetime": "0001-01-01T00:00",
        "month": "0001-01",
        "id": "abc",
        "text": LONG,
    },
    {
        "date": "9999-12-31",
        "datetime": "9999-12-31T23:59",
        "month": "9999-12",
        "id": "99999999999999999999",
        "text": "",
    },
    {"date": "9999-99-99", "datetime": "abc", "month": "abc", "id": "-1", "text": "abc"},
]
# The parameters views read by hand from the query string, by kind.
QUERY_KINDS = {
    "month": "month",
    "from": "date",
    "to": "date",
    "item": "id",
    "page": "id",
    "year": "id",
    "employee": "id",
    "department": "id",
    "position": "id",
    "assignment": "id",
    "q": "text",
    "status": "text",
    "action": "text",
    "next": "text",
    "decision": "text",
}
# The question bank's filters (exams).
QUERY_KINDS |= {"kind": "text", "topic": "text", "difficulty": "id", "active": "text"}
INPUT_KINDS = {"date": "date", "datetime-local": "datetime", "month": "month", "number": "id"}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo once per module (idempotent), not once per test: the crawl has ~500 tests."""
    with django_db_blocker.unblock():
        seed_demo()


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


ROUTES = list(walk(get_resolver().url_patterns))
PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
CONVERTERS = {"int": r"[0-9]+", "slug": r"[-a-zA-Z0-9_]+", "str": r"[^/]+", "path": r".+"}


def fill(route, value):
    """The route with every parameter set to `value`, or None if a converter refuses it."""
    if any(
        not re.fullmatch(CONVERTERS[m.group("converter") or "str"], value)
        for m in PARAM.finditer(route)
    ):
        return None
    return "/" + PARAM.sub(lambda _match: value, route)


class FieldKinds(HTMLParser):
    """The name and kind of every field of the page's forms."""

    def __init__(self):
        super().__init__()
        self.kinds = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag not in ("input", "select", "textarea") or not name:
            return
        if name != "csrfmiddlewaretoken":
            kind = "id" if tag == "select" else INPUT_KINDS.get(attrs.get("type"), "text")
            self.kinds[name] = kind


def field_kinds(response) -> dict:
    parser = FieldKinds()
    if response.get("Content-Type", "").startswith("text/html"):
        parser.feed(response.content.decode(errors="replace"))
    return QUERY_KINDS | parser.kinds


def check(response, method, url, data=None):
    sample = {k: v[:12] for k, v in list((data or {}).items())[:6]}
    assert response.status_code < 500, f"{method} {url[:120]} {sample} -> {response.status_code}"


def crawl(client, urls, kinds):
    base = urls[0]
    for number, profile in enumerate(PROFILES):
        data = {name: profile[kind] for name, kind in kinds.items()}
        check(client.get(base, data), "GET", base, data)
        if number < 2:  # the third profile's values are plain garbage that forms refuse
            # Followed, so a bad value a form let through shows on the page it leads to.
            check(client.post(base, data, follow=True), "POST", base, data)
    for url in urls[1:]:
        check(client.get(url), "GET", url)


# The admin site's views are Django's own and let none of these users in (no demo user is
# staff): each answers with its redirect to the login page before reading any parameter, so
# one request per method shows that, without the whole crawl.
@pytest.mark.parametrize("route", [r for r in ROUTES if r.startswith("admin/")])
def test_admin_urls_do_not_fail(seeded, login, route):
    client = login("hr")
    url = fill(route, "1") or fill(route, "abc")
    check(client.get(url), "GET", url)
    check(client.post(url, {"q": LONG}), "POST", url)


def heartbeats_record() -> None:
    """A live worker and beat as /healthz sees them: without them it answers 503 by design
    (a part is down), which is not the failure this crawl looks for."""
    from audit.heartbeats import heartbeat_record

    for component in ("worker", "beat"):
        heartbeat_record(component=component, host="crawl")


@pytest.mark.parametrize("route", [r for r in ROUTES if not r.startswith("admin/")])
def test_no_url_fails_on_malformed_input(seeded, login, route):
    heartbeats_record()
    urls = [url for value in PATH_VALUES if (url := fill(route, value))]
    kinds = {}
    for username in USERS:  # the HR user first: their pages show the most fields
        client = login(username)
        response = client.get(urls[0])
        check(response, "GET", urls[0])
        kinds = kinds or field_kinds(response)
        crawl(client, urls, kinds)
