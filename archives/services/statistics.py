"""Statistics reports on the archive for other departments (R5)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import ApprovalChain
from approvals.services import StepSpec, chain_start, subject_decide, subject_settle
from audit.history import save_recorded as _save
from core.access import require_perm
from core.classification import gathered
from core.errors import DomainError
from core.notifications import notify
from core.transitions import transition
from personnel.roles import Role, role_members

from ..models import ArchiveItem, StatisticsRequest
from ..selectors import employee_of, visible_items
from .catalogue import archive_head_step


@transaction.atomic
def statistics_request(*, actor, subject: str, purpose: str) -> StatisticsRequest:
    employee = employee_of(actor)
    if employee is None:
        raise PermissionDenied
    if not subject.strip() or not purpose.strip():
        raise DomainError(_("Please say which statistics and what for."))
    request = StatisticsRequest(
        department=employee.department,
        subject=subject.strip(),
        purpose=purpose.strip(),
        requested_by=actor,
    )
    _save(request, actor)
    request.chain = chain_start(
        actor=actor,
        kind=StatisticsRequest.CHAIN_KIND,
        subject=request,
        title=_("Statistics request No. %(pk)s · %(dept)s")
        % {"pk": request.pk, "dept": employee.department.name},
        requested_by=actor,
        steps=[archive_head_step(), StepSpec(_("General manager"), role=Role.GM)],
    )
    _save(request, actor)
    return request


def statistics_decide(*, actor, request: StatisticsRequest, outcome: str, comment: str = ""):
    return subject_decide(
        actor=actor,
        subject=request,
        waiting=StatisticsRequest.Status.REQUESTED,
        outcome=outcome,
        comment=comment,
    )


def statistics_chain_finished(*, chain: ApprovalChain, actor) -> None:
    request, approved = subject_settle(
        chain=chain,
        model=StatisticsRequest,
        actor=actor,
        approved=StatisticsRequest.Status.APPROVED,
        rejected=StatisticsRequest.Status.REJECTED,
    )
    if approved:
        notify(
            recipients=role_members(Role.ARCHIVIST),
            subject=_("Statistics request No. %(pk)s approved: to be issued") % {"pk": request.pk},
            link=reverse("archives:statistics_detail", args=[request.pk]),
            dedupe_key=f"archives:statistics:{request.pk}:approved",
        )


@transaction.atomic
def statistics_issue(*, actor, request: StatisticsRequest) -> StatisticsRequest:
    """Only after the GM's approval does the clerk issue the report (R5)."""
    require_perm(actor, "archives.change_statisticsrequest")
    request = StatisticsRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != StatisticsRequest.Status.APPROVED:
        raise DomainError(_("The general manager has not approved this request."))
    transition(request, StatisticsRequest.Status.ISSUED)
    request.issued_at, request.issued_by = timezone.now(), actor
    _save(request, actor)
    notify(
        recipients=[request.requested_by],
        subject=_("Statistics request No. %(pk)s issued") % {"pk": request.pk},
        link=reverse("archives:statistics_detail", args=[request.pk]),
        dedupe_key=f"archives:statistics:{request.pk}:issued",
    )
    return request


def statistics_rows(user) -> list[tuple[str, str, int, int]]:
    """(department, level, items, of which on loan) over what the reader may see: the
    counts obey the clearance ceiling like every list."""
    on_loan = Q(status=ArchiveItem.Status.ON_LOAN)
    rows = (
        visible_items(user)
        .values("department__name", "level")
        .annotate(n=Count("pk"), out=Count("pk", filter=on_loan))
        .order_by("department__name", "level")
    )
    return [(r["department__name"], r["level"], r["n"], r["out"]) for r in rows]


def statistics_gathered(user) -> tuple[str | None, int | None]:
    """A9: the report gathers the items it counts, so it takes their highest level and
    longest secrecy period (an item without its own period keeps its level's default)."""
    rows = (
        visible_items(user)
        .order_by()
        .values("level")
        .annotate(
            longest=Max("secrecy_years"),
            unset=Count("pk", filter=Q(secrecy_years__isnull=True)),
        )
    )
    pairs = [(r["level"], r["longest"]) for r in rows]
    return gathered(pairs + [(r["level"], None) for r in rows if r["unset"]])
