"""The clearance app's approval-chain kinds, registered with approvals (imported by `ready()`).

The services start chains with their model's `CHAIN_KIND` and never import this module, so
the finish hooks are imported here at the top without a circle.
"""

from django.utils.translation import gettext_lazy as _

from approvals.registry import ChainKind, register, subject_page

from .models import Clearance, TravelRequest
from .services.grants import clearance_chain_finished
from .services.travel import travel_chain_finished


def _cleared(chain):
    return Clearance.objects.select_related("employee").get(pk=chain.subject_id).employee


register(
    ChainKind(
        Clearance.CHAIN_KIND,
        _("Clearance"),
        subject_page("clearance:grant_detail"),
        clearance_chain_finished,
        beneficiary=_cleared,
    )
)
# No beneficiary: a trip approval is a restriction a leaver stays under during their
# decryption period (F9), so it is decided for departed people too.
register(
    ChainKind(
        TravelRequest.CHAIN_KIND,
        _("Travel abroad"),
        subject_page("clearance:travel_detail"),
        travel_chain_finished,
    )
)
