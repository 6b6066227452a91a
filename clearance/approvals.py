"""The clearance app's approval-chain kinds, registered with approvals (imported by `ready()`).

The services start chains with their model's `CHAIN_KIND` and never import this module, so
the finish hooks are imported here at the top without a circle.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from approvals.registry import ChainKind, register

from .models import Clearance, TravelRequest
from .services.grants import clearance_chain_finished
from .services.travel import travel_chain_finished


def _grant_url(chain) -> str:
    return reverse("clearance:grant_detail", args=[chain.subject_id])


def _grant_finished(chain, actor) -> None:
    clearance_chain_finished(chain=chain, actor=actor)


def _cleared(chain):
    return Clearance.objects.select_related("employee").get(pk=chain.subject_id).employee


def _travel_url(chain) -> str:
    return reverse("clearance:travel_detail", args=[chain.subject_id])


def _travel_finished(chain, actor) -> None:
    travel_chain_finished(chain=chain, actor=actor)


register(
    ChainKind(
        Clearance.CHAIN_KIND, _("Clearance"), _grant_url, _grant_finished, beneficiary=_cleared
    )
)
# No beneficiary: a trip approval is a restriction a leaver stays under during their
# decryption period (F9), so it is decided for departed people too.
register(ChainKind(TravelRequest.CHAIN_KIND, _("Travel abroad"), _travel_url, _travel_finished))
