from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from approvals.registry import ChainKind, register

CLEARANCE_KIND = "clearance"


def _url(chain):
    return reverse("clearance:grant_detail", args=[chain.subject_id])


def _finished(chain, actor):
    from .services import clearance_chain_finished

    clearance_chain_finished(chain=chain, actor=actor)


def _cleared(chain):
    from .models import Clearance

    return Clearance.objects.select_related("employee").get(pk=chain.subject_id).employee


register(ChainKind(CLEARANCE_KIND, _("Clearance"), _url, _finished, beneficiary=_cleared))

TRAVEL_KIND = "travel"


def _travel_url(chain):
    return reverse("clearance:travel_detail", args=[chain.subject_id])


def _travel_finished(chain, actor):
    from .travel import travel_chain_finished

    travel_chain_finished(chain=chain, actor=actor)


# No beneficiary: a trip approval is a restriction a leaver stays under during their
# decryption period (F9), so it is decided for departed people too.
register(ChainKind(TRAVEL_KIND, _("Travel abroad"), _travel_url, _travel_finished))
