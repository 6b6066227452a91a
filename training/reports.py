"""The training compliance report (T5) through audit's PDF pipeline."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.classification import Level
from reports.pdf import PdfDocument
from reports.registry import Report, register

from .charts import HEIGHT, WIDTH, completion_bars
from .selectors import completion_by_month, compliance

COMPLIANCE = Report(
    slug="training",
    title=_("Training compliance"),
    description=_("Per month and department: assigned, attended, passed, overdue, scores."),
    permission="training.export_compliance",
    url_name="training:compliance_pdf",
)
register(COMPLIANCE)
# The annual appraisal sheet (per person: average score, study hours, months passed); its
# copies are numbered and logged under this name.
APPRAISAL_SLUG = "training-appraisal"


def compliance_context(assignments, month) -> dict:
    rows, total = compliance(assignments, month)
    return {
        "month": month,
        "minimum": settings.TRAINING_MIN_HOURS_PER_YEAR,
        "rows": rows,
        "total": total,
        "bars": completion_bars(completion_by_month(assignments, month)),
        "chart_width": WIDTH,
        "chart_height": HEIGHT,
    }


def compliance_document(assignments, month) -> PdfDocument:
    context = compliance_context(assignments, month)
    return PdfDocument(
        title=str(_("Training compliance")),
        level=Level.INTERNAL,
        body_template="reports/training_compliance.html",
        pages=[{"rows": context["rows"]}],
        context=context,
        landscape=False,
    )
