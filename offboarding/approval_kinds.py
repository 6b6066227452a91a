"""Registers the resignation chain with approvals (which knows no subject app)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from approvals.registry import ChainKind, register

RESIGNATION_KIND = "resignation"


def _url(chain):
    return reverse("offboarding:resignation_detail", args=[chain.subject_id])


def _finished(chain, actor):
    from .services import resignation_chain_finished

    resignation_chain_finished(chain=chain, actor=actor)


register(ChainKind(RESIGNATION_KIND, _("Resignation"), _url, _finished))
