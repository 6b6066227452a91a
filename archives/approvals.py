"""The archive's chain kinds on the shared approval mechanism, registered once at start-up.

Each kind's name is its subject model's `CHAIN_KIND` (the services start chains with it);
this module only links a kind to its page, to the service that finishes it and, for
reading and loans, to the person an approval gives access to. `apps.py` imports it.
"""

from django.utils.translation import gettext_lazy as _

from approvals.registry import ChainKind, register, subject_page

from .models import Destruction, Loan, ReadingRequest, StatisticsRequest
from .services.destruction import destruction_chain_finished
from .services.loans import loan_chain_finished
from .services.reading import request_chain_finished
from .services.statistics import statistics_chain_finished


def _reader(chain):
    return ReadingRequest.objects.select_related("requester").get(pk=chain.subject_id).requester


def _borrower(chain):
    return Loan.objects.select_related("borrower").get(pk=chain.subject_id).borrower


KINDS = (
    ChainKind(
        ReadingRequest.CHAIN_KIND,
        _("Archive reading request"),
        subject_page("archives:request_detail"),
        request_chain_finished,
        beneficiary=_reader,
    ),
    ChainKind(
        Loan.CHAIN_KIND,
        _("Archive loan"),
        subject_page("archives:loan_detail"),
        loan_chain_finished,
        beneficiary=_borrower,
    ),
    ChainKind(
        Destruction.CHAIN_KIND,
        _("Archive destruction"),
        subject_page("archives:destruction_detail"),
        destruction_chain_finished,
    ),
    ChainKind(
        StatisticsRequest.CHAIN_KIND,
        _("Archive statistics request"),
        subject_page("archives:statistics_detail"),
        statistics_chain_finished,
    ),
)

for kind in KINDS:
    register(kind)
