from django.db.models import Q, QuerySet

from audit.access import role_grants

from .models import Appointment, Candidate, Transfer


def visible_candidates(user) -> QuerySet:
    """HR and reviewers see all candidates; a department head their department's."""
    base = Candidate.objects.select_related("department", "position", "employee")
    if role_grants(user, "onboarding.view_candidate"):
        return base
    if not user.is_active:
        return base.none()
    return base.filter(department__head__user=user)


def visible_appointments(user) -> QuerySet:
    base = Appointment.objects.select_related("employee__department", "position", "chain")
    if role_grants(user, "onboarding.view_appointment"):
        return base
    if not user.is_active:
        return base.none()
    # Committee members decide them; heads see their department's; the appointee theirs.
    return base.filter(
        Q(employee__department__head__user=user)
        | Q(employee__user=user)
        | Q(chain__steps__role__in=user.groups.values("name"))
    ).distinct()


def visible_transfers(user) -> QuerySet:
    base = Transfer.objects.select_related("employee__department", "to_position", "chain")
    if role_grants(user, "onboarding.view_transfer"):
        return base
    if not user.is_active:
        return base.none()
    return base.filter(
        Q(employee__department__head__user=user)
        | Q(employee__user=user)
        | Q(chain__steps__role__in=user.groups.values("name"))
    ).distinct()
