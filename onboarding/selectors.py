from django.db.models import Q, QuerySet

from core.access import role_grants
from personnel.selectors import head_sees

from .models import Appointment, Candidate, Transfer


def visible_candidates(user) -> QuerySet:
    """HR and reviewers see all candidates; a department head their department's."""
    base = Candidate.objects.select_related("department", "position", "employee")
    if role_grants(user, "onboarding.view_candidate"):
        return base
    if not user.is_active:
        return base.none()
    # A candidate is no employee yet, so no guardian row names them: the head of the
    # department they apply to sees them.
    return base.filter(department__head__user=user)


def candidates_filtered(qs: QuerySet, *, status: str = "") -> QuerySet:
    """The candidate list's status filter; an unknown status filters nothing."""
    return qs.filter(status=status) if status in Candidate.Status.values else qs


def _visible_chain_subjects(user, queryset, perm) -> QuerySet:
    """Appointments and transfers: reviewers see all; otherwise the person's head, the
    person, and the roles that decide them."""
    if role_grants(user, perm):
        return queryset
    if not user.is_active:
        return queryset.none()
    return queryset.filter(
        head_sees(user, "employee__")
        | Q(employee__user=user)
        | Q(chain__steps__role__in=user.groups.values("name"))
    ).distinct()


def visible_appointments(user) -> QuerySet:
    base = Appointment.objects.select_related("employee__department", "position", "chain")
    return _visible_chain_subjects(user, base, "onboarding.view_appointment")


def visible_transfers(user) -> QuerySet:
    base = Transfer.objects.select_related("employee__department", "to_position", "chain")
    return _visible_chain_subjects(user, base, "onboarding.view_transfer")
