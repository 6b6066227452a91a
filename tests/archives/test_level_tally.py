"""Issue 16: the catalogue's unfiltered count comes from per-level tallies the database keeps
(LevelTally, by triggers on the item table), and a page in the list's second half is found
from the list's end. Both must give exactly what counting and paging forward give."""

import pytest
from django.db import connection
from django.db.models import Count
from django.urls import reverse

from archives.models import ArchiveItem, LevelTally
from archives.selectors import catalogue_of, visible_items
from core.classification import Level
from tests import app_role

from .helpers import grant_all, make_item, user

pytestmark = pytest.mark.django_db


def tallies() -> dict:
    return {level: n for level, n in LevelTally.objects.values_list("level", "items") if n}


def counted() -> dict:
    rows = ArchiveItem.objects.order_by().values("level").annotate(n=Count("pk"))
    return {row["level"]: row["n"] for row in rows}


def unregistered(level, number) -> ArchiveItem:
    """An item written straight to the table, as an import or a bulk write would."""
    item = make_item(level)
    item.pk, item.catalogue_no = None, f"BULK-{number:03d}"
    return item


def test_the_tallies_follow_every_write_to_the_items(demo):
    assert tallies() == counted()
    for level in Level.values:
        make_item(level)
    assert tallies() == counted()
    bulk = ArchiveItem.objects.bulk_create(
        [unregistered(Level.INTERNAL, n) for n in range(5)]
        + [unregistered(Level.CONFIDENTIAL, n) for n in range(5, 8)]
    )
    assert tallies() == counted()
    ArchiveItem.objects.filter(pk__in=[bulk[0].pk, bulk[1].pk]).update(level=Level.SECRET)
    ArchiveItem.objects.filter(pk=bulk[2].pk).update(title="同级别改题名")
    assert tallies() == counted()
    ArchiveItem.objects.filter(pk__in=[bulk[3].pk, bulk[5].pk]).delete()
    assert tallies() == counted()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_emptying_the_item_table_empties_the_tallies(demo):
    with app_role.acting_as_owner(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE archives_archiveitem CASCADE")
    assert tallies() == counted() == {}


@pytest.mark.parametrize("username", ["archivist", "emp_cs", "head_rd", "emp_rd", "auditor"])
def test_the_catalogue_counts_what_the_user_sees(demo, login, username):
    grant_all()
    for level in Level.values:
        make_item(level)
        make_item(level, custodian="R0002")  # 机密/绝密: seen by its custodian
    items, size = catalogue_of(user(username))
    assert size() == items.count() == visible_items(user(username)).count() > 0
    listed = login(username).get(reverse("archives:item_list"))
    assert listed.context["page"].paginator.count == items.count()


def test_every_page_of_the_catalogue_from_either_end(demo, login, settings):
    grant_all()
    for n in range(7):
        make_item(Level.INTERNAL, title=f"分页档案{n}")
    settings.ARCHIVE_ITEMS_PER_PAGE = 3
    client = login("archivist")
    expected = list(visible_items(user("archivist")).values_list("pk", flat=True))
    pages = -(-len(expected) // 3)
    shown = []
    for number in range(1, pages + 1):
        page = client.get(reverse("archives:item_list"), {"page": number}).context["page"]
        shown += [item.pk for item in page.object_list]
    assert shown == expected
