"""Registers the resignation chain with approvals (which knows no subject app), and the
departure checklist's items as tasks in their signers' inbox ("待我处理")."""

from django.db.models import Exists, F, OuterRef, Q
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
from approvals.selectors import acting_roles_q

from .models import ChecklistItem, Resignation
from .services import resignation_chain_finished

register(
    ChainKind(
        Resignation.CHAIN_KIND,
        _("Resignation"),
        subject_page("offboarding:resignation_detail"),
        resignation_chain_finished,
    )
)


def _items_waiting_for(user):
    last = ChecklistItem.Kind.LEAVING_DOCUMENTS
    others_open = ChecklistItem.objects.filter(
        checklist=OuterRef("checklist"), signed_at__isnull=True
    ).exclude(kind=last)
    return (
        ChecklistItem.objects.filter(
            acting_roles_q(user), signed_at__isnull=True, checklist__closed_at__isnull=True
        )
        .exclude(checklist__resignation__employee__user=user)
        # Leaving documents wait for HR only once everything else is done (F5).
        .exclude(Q(kind=last) & Exists(others_open))
        .annotate(since=F("checklist__opened_at"))
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


task_source_register(TaskSource("checklist_item", _items_waiting_for, _item_rows))
