"""What a user sees of the archive in the change history (audit.changes): the history of
an item, and of everything done with it, only where the catalogue shows them the item (the
clearance ceiling, C2)."""

from audit.changes import HistoryScope, history_scope_register

from .models import (
    ArchiveItem,
    Destruction,
    InspectionFinding,
    ItemMovement,
    Loan,
    MissingReport,
    ReadingRequest,
)
from .selectors import visible_items

history_scope_register(ArchiveItem, HistoryScope(visible=visible_items))
for model in (ItemMovement, Loan, ReadingRequest, MissingReport, InspectionFinding, Destruction):
    history_scope_register(model, HistoryScope(visible=visible_items, path="item_id"))
