from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from approvals.registry import ChainKind, register

READING_KIND = "archive_reading"
LOAN_KIND = "archive_loan"
DESTRUCTION_KIND = "archive_destruction"
STATISTICS_KIND = "archive_statistics"


def _reading_url(chain):
    return reverse("archives:request_detail", args=[chain.subject_id])


def _loan_url(chain):
    return reverse("archives:loan_detail", args=[chain.subject_id])


def _reading_finished(chain, actor):
    from .reading import request_chain_finished

    request_chain_finished(chain=chain, actor=actor)


def _loan_finished(chain, actor):
    from .loans import loan_chain_finished

    loan_chain_finished(chain=chain, actor=actor)


def _reader(chain):
    from .models import ReadingRequest

    return ReadingRequest.objects.select_related("requester").get(pk=chain.subject_id).requester


def _borrower(chain):
    from .models import Loan

    return Loan.objects.select_related("borrower").get(pk=chain.subject_id).borrower


register(ChainKind(READING_KIND, _("Archive reading request"), _reading_url, _reading_finished,
                   beneficiary=_reader))  # fmt: skip
register(ChainKind(LOAN_KIND, _("Archive loan"), _loan_url, _loan_finished,
                   beneficiary=_borrower))  # fmt: skip


def _destruction_url(chain):
    return reverse("archives:destruction_detail", args=[chain.subject_id])


def _destruction_finished(chain, actor):
    from .destruction import destruction_chain_finished

    destruction_chain_finished(chain=chain, actor=actor)


register(ChainKind(DESTRUCTION_KIND, _("Archive destruction"), _destruction_url,
                   _destruction_finished))  # fmt: skip


def _statistics_url(chain):
    return reverse("archives:statistics_detail", args=[chain.subject_id])


def _statistics_finished(chain, actor):
    from .statistics import statistics_chain_finished

    statistics_chain_finished(chain=chain, actor=actor)


register(ChainKind(STATISTICS_KIND, _("Archive statistics request"), _statistics_url,
                   _statistics_finished))  # fmt: skip
