"""The words on every page a demo user can open are the product's Chinese: no requirement
codes such as "（P5、O6）", no English leftovers of the code ("True", "not done", "roster")."""

import re
from html.parser import HTMLParser

import pytest

from personnel.demo import LOGINS, seed_demo
from tests.security.test_crawl import ROUTES, fill

pytestmark = pytest.mark.django_db

REQUIREMENT_CODE = re.compile(r"[（(]\s*[A-Z]\d{1,2}(?:\s*[、,，]\s*[A-Z]\d{1,2})*\s*[)）]")
# Case matters: copy numbers such as "ROSTER-00001" are codes, and stay.
LEFTOVER = re.compile(r"\b(?:True|False|None|not done|roster)\b")


class VisibleText(HTMLParser):
    """The text a reader sees: no scripts, styles or attribute values."""

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style") and self.hidden > 0

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(response) -> str:
    parser = VisibleText()
    parser.feed(response.content.decode(errors="replace"))
    return " ".join(parser.parts)


def page_urls():
    for route in ROUTES:
        if route.startswith(("admin/", "i18n/")) or "healthz" in route:
            continue
        if url := fill(route, "1"):
            yield url


def test_pages_speak_plain_chinese(client, django_user_model):
    seed_demo()
    urls = list(page_urls())
    found = set()
    for username, *_rest in LOGINS:
        client.force_login(django_user_model.objects.get(username=username))
        for url in urls:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
            if response.status_code != 200 or "text/html" not in response.get("Content-Type"):
                continue
            text = visible_text(response)
            for pattern in (REQUIREMENT_CODE, LEFTOVER):
                found.update((url, hit) for hit in pattern.findall(text))
    assert not sorted(found), "\n".join(f"{url}: {hit}" for url, hit in sorted(found))


def test_the_access_log_names_readers_and_finds_them_by_name(demo, login):
    from django.urls import reverse

    from personnel.models import Employee

    reader = Employee.objects.get(user__username="head_rd")
    login("head_rd").get(reverse("personnel:employee_detail", args=[reader.pk]))
    page = login("auditor").get(reverse("audit:access_log"), {"q": reader.name})
    entries = page.context["entries"]
    assert entries and {e.username for e in entries} == {"head_rd"}
    assert f'<td title="head_rd">{reader.name}</td>' in page.content.decode()


def test_a_yes_or_no_change_reads_as_words(demo, django_user_model):
    from django.utils import translation

    from audit.history import history_with_changes
    from personnel.models import Department
    from personnel.services.org import department_update

    hr = django_user_model.objects.get(username="hr")
    department = Department.objects.get(code="CS")
    department_update(actor=hr, department=department, is_technical=True)
    with translation.override("zh-hans"):
        (_record, changes), *_older = history_with_changes(department.history.all())
        assert [(c.old, c.new) for c in changes] == [("否", "是")]


def test_statuses_read_as_people_say_them():
    from django.utils import translation

    from clearance.models import Incident
    from training.models import Assignment

    with translation.override("zh-hans"):
        assert str(Incident.Status.OPEN.label) == "处理中"
        assert str(Incident.Status.CLOSED.label) == "已结案"
        assert str(Assignment.Status.FAILED.label) == "不合格"
        # The change-history column no longer takes over the admin's "修改" (Change) link.
        assert translation.gettext("Change") == "修改"
        assert translation.pgettext("change history", "Change") == "变更类型"


def test_a_pdf_footer_names_the_exporter(demo, login, tmp_path):
    from django.urls import reverse

    from personnel.models import Employee
    from tests.reports.test_roster_cache import pdf_text

    response = login("auditor").get(reverse("personnel:roster_pdf"))
    name = Employee.objects.get(user__username="auditor").name
    text = pdf_text(response.content, tmp_path)
    assert f"导出人{name}" in text and "导出人auditor" not in text
