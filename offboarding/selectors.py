"""Who sees which resignation (least privilege)."""

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from approvals.selectors import acting_roles_q
from core.access import role_grants
from personnel.selectors import sight

from .models import ChecklistItem, Resignation


def visible_resignations(user) -> QuerySet:
    """HR, the approvers and auditors see all; a department head their department's; the
    employee their own; a role that signs a checklist item the resignations it signs for."""
    base = Resignation.objects.select_related("employee__department", "submitted_by")
    if not user.is_authenticated or not user.is_active:
        return base.none()
    if role_grants(user, "offboarding.view_resignation"):
        return base
    signing = ChecklistItem.objects.filter(acting_roles_q(user)).values("checklist__resignation_id")
    return base.filter(sight(user) | Q(pk__in=signing))


def resignations_filtered(
    qs, *, status="", department=None, last_day_from=None, last_day_to=None, q=""
):
    if status:
        qs = qs.filter(status=status)
    if department:
        qs = qs.filter(employee__department=department)
    if last_day_from:
        qs = qs.filter(last_day__gte=last_day_from)
    if last_day_to:
        qs = qs.filter(last_day__lte=last_day_to)
    if q:
        qs = qs.filter(Q(employee__name__icontains=q) | Q(employee__employee_no__icontains=q))
    return qs


def checklist_items_waiting_for(user) -> QuerySet:
    """Departure checklist items the user signs now (their inbox's tasks), with `since`."""
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
