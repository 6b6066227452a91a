"""The person's study hours this year, on their page (personnel.facts)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from personnel.facts import Fact, fact_source

from .selectors import hours_standing


@fact_source
def study_hours(viewer, employee) -> Fact:
    standing = hours_standing(employee, timezone.localdate().year)
    value = _("%(hours)s of %(minimum)s hours") % {
        "hours": standing.hours,
        "minimum": standing.minimum,
    }
    return Fact(
        label=_("Study hours %(year)s") % {"year": standing.year},
        value=value,
        url=reverse("training:person", args=[employee.pk]),
        warning=standing.below,
    )
