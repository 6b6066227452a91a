"""Registers onboarding's chains with approvals (which knows no subject app): the
secret-post appointment and the transfer into a secret post."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from approvals.registry import ChainKind, register

from .models import Appointment, Transfer
from .services import appointment_chain_finished, transfer_chain_finished


def _appointment_url(chain):
    return reverse("onboarding:appointment_detail", args=[chain.subject_id])


def _transfer_url(chain):
    return reverse("onboarding:transfer_detail", args=[chain.subject_id])


register(
    ChainKind(
        Appointment.CHAIN_KIND,
        _("Secret-post appointment"),
        _appointment_url,
        appointment_chain_finished,
    )
)
register(
    ChainKind(
        Transfer.CHAIN_KIND,
        _("Transfer into a secret post"),
        _transfer_url,
        transfer_chain_finished,
    )
)
