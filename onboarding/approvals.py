"""Registers onboarding's chains with approvals (which knows no subject app): the
secret-post appointment and the transfer into a secret post."""

from django.utils.translation import gettext_lazy as _

from approvals.registry import ChainKind, register, subject_page

from .models import Appointment, Transfer
from .services import appointment_chain_finished, transfer_chain_finished

register(
    ChainKind(
        Appointment.CHAIN_KIND,
        _("Secret-post appointment"),
        subject_page("onboarding:appointment_detail"),
        appointment_chain_finished,
    )
)
register(
    ChainKind(
        Transfer.CHAIN_KIND,
        _("Transfer into a secret post"),
        subject_page("onboarding:transfer_detail"),
        transfer_chain_finished,
    )
)
