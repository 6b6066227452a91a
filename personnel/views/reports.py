"""Personnel's reports beyond the roster: the unit-wide agreements register and a person's
dossier as a PDF for appraisal (issue 18)."""

from django.contrib.auth.decorators import login_required

from core.access import get_visible_or_404
from reports.exports import pdf_response

from ..reports import DOSSIER_SLUG, dossier_document
from ..selectors import visible_employees


@login_required
def dossier_pdf(request, pk):
    """Whoever may open the person's page (which shows the dossier) may print it; the copy
    is numbered and access-logged under the person's name."""
    employee = get_visible_or_404(visible_employees(request.user), pk=pk)
    return pdf_response(request, report_slug=DOSSIER_SLUG, document=dossier_document(employee))
