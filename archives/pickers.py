"""What the archive's forms pick (core.pickers): catalogue items by number or title, and the
staff the clerk names as custodian, witness or reader."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.pickers import Kind, Picker, registry
from personnel.models import Employee
from personnel.pickers import EMPLOYEE

from .models import ArchiveItem
from .selectors import EMPLOYED, visible_items


def _item_search(rows, text, user):
    return rows.filter(Q(catalogue_no__istartswith=text) | Q(title__icontains=text))


ITEM = Kind(
    model=ArchiveItem,
    search=_item_search,
    exact="catalogue_no",
    order=("catalogue_no",),
    placeholder=_("Type a catalogue number or title"),
    label=lambda item: f"{item.catalogue_no} {item.title}",
    detail=lambda item: item.get_level_display(),
)


def _staff(*statuses):
    """The clerk names custodians, witnesses and readers among all staff in post: the
    archive's own work, which shows name, number and department and nothing of the record."""
    return lambda user: Employee.objects.filter(status__in=statuses)


def _may(perm: str):
    return lambda user: user.has_perm(perm)


CUSTODIANS = Picker(
    "archives:pick",
    "custodians",
    EMPLOYEE,
    _staff(Employee.Status.ACTIVE),
    _may("archives.add_archiveitem"),
)
WITNESSES = Picker(
    "archives:pick",
    "witnesses",
    EMPLOYEE,
    _staff(Employee.Status.ACTIVE),
    _may("archives.change_destruction"),
)
READERS = Picker(
    "archives:pick", "readers", EMPLOYEE, _staff(*EMPLOYED), _may("archives.add_readingrequest")
)
INSPECTED = Picker(
    "archives:pick", "inspected", ITEM, visible_items, _may("archives.add_inspectionfinding")
)

PICKERS = registry(CUSTODIANS, WITNESSES, READERS, INSPECTED)
