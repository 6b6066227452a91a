from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")

    def ready(self):
        from clearance.signals import travel_approved

        from . import facts, reports  # noqa: F401  the person's hours; the compliance report
        from .receivers import travel_education_assign

        travel_approved.connect(travel_education_assign, dispatch_uid="training.travel")
