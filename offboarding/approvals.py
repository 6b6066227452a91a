"""Registers the resignation chain with approvals (which knows no subject app), and the
departure checklist's items as tasks in their signers' inbox ("待我处理")."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from approvals.registry import (
    ChainKind,
    InboxRow,
    TaskSource,
    register,
    subject_page,
    task_source_register,
)

from .models import ChecklistItem, Resignation
from .selectors import checklist_items_waiting_for
from .services import resignation_chain_finished

register(
    ChainKind(
        Resignation.CHAIN_KIND,
        _("Resignation"),
        subject_page("offboarding:resignation_detail"),
        resignation_chain_finished,
    )
)


def _item_rows(pks) -> dict:
    items = ChecklistItem.objects.filter(pk__in=pks).select_related(
        "checklist__resignation__employee"
    )
    return {
        item.pk: InboxRow(
            title=str(item.checklist.resignation),
            label=_("Departure checklist"),
            name=item.get_kind_display(),
            since=item.checklist.opened_at,
            url=reverse("offboarding:resignation_detail", args=[item.checklist.resignation_id]),
        )
        for item in items
    }


task_source_register(TaskSource("checklist_item", checklist_items_waiting_for, _item_rows))
