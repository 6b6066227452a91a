"""An exam's results: each seat's attempts and best paper, as the exam's page shows them, as
Excel, and for a sample drawn by the security office as a marked PDF (the result sheet)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.classification import Level
from core.people import names_of
from reports.pdf import PdfDocument
from reports.registry import Report, register

from .models import Exam, Paper, Seat

SAMPLE = Report(
    slug="exam_sample",
    title=_("Exam sample result sheet"),
    description=_("The people sampled for an exam, their attempts and results (open an exam)."),
    permission="exams.view_exam",
    url_name="exams:exam_list",
)
RESULTS = Report(
    slug="exam_results",
    title=_("Exam results"),
    description=_("Everyone seated in an exam with their best result (open an exam)."),
    permission="exams.view_exam",
    url_name="exams:exam_list",
)
register(SAMPLE)
register(RESULTS)


@dataclass
class SeatResult:
    seat: Seat
    attempts: int = 0
    best: Paper | None = None

    @property
    def score(self) -> Decimal | None:
        return self.best.score if self.best else None

    @property
    def passed(self) -> bool | None:
        return self.best.passed if self.best else None


def _better(paper: Paper, best: Paper | None) -> bool:
    if best is None or best.status != Paper.Status.SUBMITTED:
        return paper.status == Paper.Status.SUBMITTED or best is None
    if paper.status != Paper.Status.SUBMITTED:
        return False
    return (bool(paper.passed), paper.score or 0) > (bool(best.passed), best.score or 0)


def seat_results(seats) -> list[SeatResult]:
    """Each seat with its number of attempts and its best submitted paper (else the one under
    way): one query for all the seats' papers."""
    results = {seat.pk: SeatResult(seat) for seat in seats}
    papers = Paper.objects.filter(seat_id__in=list(results)).order_by("attempt")
    for paper in papers:
        result = results[paper.seat_id]
        result.attempts += 1
        if _better(paper, result.best):
            result.best = paper
    return list(results.values())


def sample_seats(exam: Exam):
    return (
        exam.seats.filter(sampled=True)
        .select_related("employee__department")
        .order_by("employee__department__code", "employee__employee_no")
    )


def sample_drawn(exam: Exam) -> list[tuple[str, object, int]]:
    """Who drew the sample, when and how many, per draw: from the seats' creation history
    (a draw's rows share one moment), two queries."""
    rows = list(
        Seat.history.filter(exam_id=exam.pk, sampled=True, history_type="+")
        .values("history_user_id", "history_date")
        .annotate(n=Count("history_id"))
        .order_by("history_date")
    )
    names = names_of({row["history_user_id"] for row in rows if row["history_user_id"]})
    return [
        (names.get(row["history_user_id"], "—"), timezone.localtime(row["history_date"]), row["n"])
        for row in rows
    ]


def sample_document(exam: Exam) -> PdfDocument:
    rows = seat_results(sample_seats(exam))
    sitting = [row for row in rows if row.best is not None]
    return PdfDocument(
        title=str(_("Exam sample result sheet")),
        level=Level.INTERNAL,
        body_template="exams/sample_sheet.html",
        pages=[{"rows": rows}],
        context={
            "exam": exam,
            "rows": rows,
            "draws": sample_drawn(exam),
            "sampled": len(rows),
            "sat": len(sitting),
            "passed": sum(1 for row in sitting if row.passed),
        },
        landscape=False,
    )
