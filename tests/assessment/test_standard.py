"""The security office keeps the standard from its page: an item's points, a new item with
one of the product's measures, and switching items off (asked first) and on again; each
change in the item's history. Auditors read it; everyone else gets 404."""

import datetime

import pytest
from django.urls import reverse

from assessment.measures import MEASURES
from assessment.models import StandardItem
from assessment.selectors import assessment_compute

pytestmark = pytest.mark.django_db

FROM, TO = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
YEAR_2024 = {"from": "2024-01-01", "to": "2024-12-31"}
NEW_ITEM = {
    "section": "涉密人员管理",
    "code": "1.13",
    "title": "涉密人员承诺书复签",
    "points": 2,
    "deduction": 1,
    "measure": "commitments_signed",
}


def _figures():
    assessment = assessment_compute(period_from=FROM, period_to=TO)
    figures = {r.item.code: (r.item.points, r.score, r.lost) for r in assessment.results}
    return figures, (assessment.points, assessment.score)


def test_the_office_changes_an_items_points_and_the_sheet_follows(demo, login):
    client = login("security")
    item = StandardItem.objects.get(code="1.2")
    edit = reverse("assessment:standard_item_edit", args=[item.pk])
    assert client.get(reverse("assessment:standard_list")).status_code == 200
    data = {"title": item.title, "points": 8, "deduction": 3}
    assert client.post(edit, data).status_code == 302
    item.refresh_from_db()
    assert (item.points, item.deduction, item.active) == (8, 3, True)
    assert item.history.first().history_user.username == "security"
    assert _figures()[0]["1.2"] == (8, 2, 6)  # two unsigned, 3 points each
    ((record, _changes),) = client.get(edit).context["history"]  # shown on the item's page
    assert record.history_user.username == "security"


def test_the_add_form_offers_the_registered_measures_by_their_chinese_labels(demo, login):
    body = login("security").get(reverse("assessment:standard_item_add")).content.decode()
    for key in MEASURES:
        assert f'value="{key}"' in body
    assert ">违规行为、泄密事件依规处理<" in body
    assert ">借阅档案按期归还<" in body


def test_an_added_item_appears_in_the_sheet_and_the_total(demo, login):
    client = login("security")
    assert _figures()[1] == (50, 38)
    response = client.post(reverse("assessment:standard_item_add"), NEW_ITEM)
    assert response.status_code == 302
    item = StandardItem.objects.get(code="1.13")
    assert (item.active, item.order) == (True, 13)  # after the section's last item
    assert item.history.get().history_user.username == "security"
    figures, total = _figures()
    assert figures["1.13"] == (2, 0, 2)  # the two unsigned commitments, 1 point each
    assert list(figures)[-1] == "1.13"
    assert total == (52, 38)
    sheet = client.get(reverse("assessment:index"), YEAR_2024)
    assert 'data-code="1.13"' in sheet.content.decode()
    assert sheet.context["assessment"].points == 52


@pytest.mark.parametrize(
    ("change", "field"),
    [({"code": "1.2"}, "code"), ({"measure": "gone"}, "measure"), ({"points": 0}, "points")],
)
def test_a_bad_item_is_shown_again_with_its_error_and_nothing_added(demo, login, change, field):
    data = {**NEW_ITEM, **change}
    response = login("security").post(reverse("assessment:standard_item_add"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[field]
    assert form["title"].value() == NEW_ITEM["title"]  # nothing typed is lost
    assert StandardItem.objects.count() == 12


def test_switching_off_asks_first_and_the_item_leaves_the_total(demo, login):
    client = login("security")
    item = StandardItem.objects.get(code="1.4")
    switch = reverse("assessment:standard_item_switch", args=[item.pk])
    page = client.get(reverse("assessment:standard_list")).content.decode()
    row = page[page.index('data-code="1.4"') :].split("</tr>")[0]
    assert f'action="{switch}"' in row and "data-confirm=" in row
    assert client.post(switch, {"active": "off"}).status_code == 302
    item.refresh_from_db()
    assert not item.active
    assert item.history.first().history_user.username == "security"
    figures, total = _figures()
    assert "1.4" not in figures
    assert total == (45, 38)  # 1.4 had lost all its 5 points
    assert client.post(switch, {"active": "on"}).status_code == 302
    assert _figures()[1] == (50, 38)
    assert [h.active for h in item.history.all()[:2]] == [True, False]


def test_an_unmeasured_item_cannot_be_switched_on(demo, login):
    item = StandardItem.objects.create(
        section="涉密人员管理", code="9.9", title="旧条目", points=5, measure="gone", active=False
    )
    switch = reverse("assessment:standard_item_switch", args=[item.pk])
    response = login("security").post(switch, {"active": "on"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.active
    assert _figures()[1] == (50, 38)


def test_the_auditor_reads_the_standard_but_may_not_change_it(demo, login):
    client = login("auditor")
    item = StandardItem.objects.get(code="1.2")
    assert client.get(reverse("assessment:standard_list")).status_code == 200
    assert client.get(reverse("assessment:standard_item_edit", args=[item.pk])).status_code == 403
    assert client.get(reverse("assessment:standard_item_add")).status_code == 403
    assert client.post(reverse("assessment:standard_item_add"), NEW_ITEM).status_code == 403
    switch = reverse("assessment:standard_item_switch", args=[item.pk])
    assert client.post(switch, {"active": "off"}).status_code == 403
    item.refresh_from_db()
    assert item.active
    assert not StandardItem.objects.filter(code="1.13").exists()


@pytest.mark.parametrize("username", ["emp_rd", "hr", "head_rd", "sysadmin"])
def test_everyone_else_gets_404_on_the_standards_pages(demo, login, username):
    client = login(username)
    item = StandardItem.objects.get(code="1.2")
    assert client.get(reverse("assessment:standard_list")).status_code == 404
    assert client.get(reverse("assessment:standard_item_edit", args=[item.pk])).status_code == 404
    assert client.post(reverse("assessment:standard_item_add"), NEW_ITEM).status_code == 404
    switch = reverse("assessment:standard_item_switch", args=[item.pk])
    assert client.post(switch, {"active": "off"}).status_code == 404
    item.refresh_from_db()
    assert item.active
    assert not StandardItem.objects.filter(code="1.13").exists()
