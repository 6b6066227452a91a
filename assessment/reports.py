"""The 迎检 pack: the score sheet of a period and, for every item that lost points, the
register of the records behind them, as one marked PDF through the reports pipeline."""

from django.utils.translation import gettext_lazy as _

from core.classification import Level
from reports.listing import filters_line, listing_document
from reports.pdf import PdfDocument
from reports.registry import Report, register

from .selectors import VIEW_PERM, Assessment

PACK = Report(
    slug="self_assessment",
    title=_("Self-assessment pack"),
    description=_(
        "The self-assessment score sheet of a period with the records behind every lost point."
    ),
    permission=VIEW_PERM,
    url_name="assessment:pack_pdf",
)
register(PACK)

SHEET_HEADER = tuple("序号 编号 项目 分值 得分 扣分 扣分记录".split())
RECORDS_HEADER = ("序号", "记录")


def pack_document(assessment: Assessment) -> PdfDocument:
    sheet = [
        (
            result.item.code,
            result.item.title,
            result.item.points,
            result.score,
            result.lost,
            len(result.shortfalls),
        )
        for result in assessment.results
    ]
    sheet.append(("", "合计", assessment.points, assessment.score, "", ""))
    sections = [("自查评分表", SHEET_HEADER, sheet)]
    sections += [
        (
            f"{result.item.code} {result.item.title}：扣分记录",
            RECORDS_HEADER,
            [(shortfall.label,) for shortfall in result.shortfalls],
        )
        for result in assessment.results
        if result.shortfalls
    ]
    filters = filters_line(
        [
            ("自查期间", f"{assessment.period_from} 至 {assessment.period_to}"),
            ("得分", f"{assessment.score} / {assessment.points}"),
        ]
    )
    # Personnel facts, as the roster: 秘密.
    return listing_document(
        title=str(PACK.title), level=Level.CONFIDENTIAL, sections=sections, filters=filters
    )
