"""《应聘申请表》: the application form with the vetting results (O3), as a marked PDF."""

from django.utils.translation import gettext_lazy as _

from core.classification import Level
from reports.pdf import PdfDocument
from reports.registry import Report, register

APPLICATION = Report(
    slug="application",
    title=_("Application form"),
    description=_("A candidate's application form with the vetting results (open a candidate)."),
    permission="onboarding.view_candidate",
    url_name="onboarding:candidate_list",
)
register(APPLICATION)


def application_document(candidate) -> PdfDocument:
    checks = [
        (
            candidate._meta.get_field(n).verbose_name,
            getattr(candidate, f"get_{n}_display")() or "未审查",
        )
        for n in candidate.CHECKS
    ]
    conditions = [
        (
            candidate._meta.get_field(n).verbose_name,
            {True: "是", False: "否", None: "未记录"}[getattr(candidate, n)],
        )
        for n in candidate.CONDITIONS
    ]
    return PdfDocument(
        title="应聘申请表",
        level=Level.CONFIDENTIAL,
        body_template="reports/application.html",
        pages=[{}],
        context={"candidate": candidate, "checks": checks, "conditions": conditions},
        landscape=False,
    )
