from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from approvals.registry import ChainKind, register

APPOINTMENT_KIND = "appointment"


def _url(chain):
    return reverse("onboarding:appointment_detail", args=[chain.subject_id])


def _finished(chain, actor):
    from .services import appointment_chain_finished

    appointment_chain_finished(chain=chain, actor=actor)


register(ChainKind(APPOINTMENT_KIND, _("Secret-post appointment"), _url, _finished))


TRANSFER_KIND = "transfer"


def _transfer_url(chain):
    return reverse("onboarding:transfer_detail", args=[chain.subject_id])


def _transfer_finished(chain, actor):
    from .services import transfer_chain_finished

    transfer_chain_finished(chain=chain, actor=actor)


register(ChainKind(TRANSFER_KIND, _("Transfer into a secret post"), _transfer_url,
                   _transfer_finished))  # fmt: skip
