"""A1/A2/A5: registering items with their intake handover, defaults, custodians, removal."""

import pytest
from django.urls import reverse

from archives import services
from archives.models import ArchiveItem, ItemMovement
from core.classification import Level
from core.errors import DomainError
from personnel.models import Department, Employee

from .helpers import grant_all, make_item, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def cleared(demo):
    grant_all()


def form(**overrides):
    data = {"catalogue_no": "CS-2026-900", "title": "重点客户档案", "level": Level.SECRET,
            "retention_years": 30, "location": "二号机要库3排", "copies": 2,
            "department": Department.objects.get(code="CS").pk,
            "custodian": Employee.objects.get(employee_no="A0003").pk,
            "handed_over_by": "客服部内勤"}  # fmt: skip
    return {**data, **overrides}


def test_the_clerk_registers_an_item_with_its_intake_handover(cleared, login):
    response = login("archivist").post(reverse("archives:item_create"), form())
    item = ArchiveItem.objects.get(catalogue_no="CS-2026-900")
    assert response.status_code == 302 and item.secrecy_years == 20  # 机密 default (A1)
    intake = item.movements.get()
    assert (intake.kind, intake.handed_over_by, intake.received_by) == (
        ItemMovement.Kind.INTAKE, "客服部内勤", "周敏")  # fmt: skip
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
    response = login("archivist").post(reverse("archives:item_create"),
                                       form(level=Level.TOP_SECRET))  # fmt: skip
    assert response.status_code == 403 and not ArchiveItem.objects.exists()
    assert login("emp_cs").get(reverse("archives:item_create")).status_code == 403


def test_removal_records_the_handover_and_keeps_the_item_listed(cleared, login):
    item = make_item(Level.INTERNAL)
    login("archivist").post(reverse("archives:item_remove", args=[item.pk]),
                            {"received_by": "市档案馆 王某", "note": "移交进馆"})  # fmt: skip
    item.refresh_from_db()
    assert item.status == ArchiveItem.Status.REMOVED
    removal = item.movements.get(kind=ItemMovement.Kind.REMOVAL)
    assert (removal.handed_over_by, removal.received_by) == ("周敏", "市档案馆 王某")
    with pytest.raises(DomainError):
        services.item_remove(actor=user("archivist"), item=item, received_by="x")
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
