from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StyledFormMixin

from .measures import MEASURE_LABELS
from .models import StandardItem


def measure_choices():
    """The registered measures by their label, for the office to choose an added item's: in
    the standard's order of the items using them, the unused ones last."""
    rank: dict[str, int] = {}
    for measure in StandardItem.objects.values_list("measure", flat=True):
        rank.setdefault(measure, len(rank))
    keys = sorted(MEASURE_LABELS, key=lambda key: rank.get(key, len(rank)))
    return [(key, MEASURE_LABELS[key]) for key in keys]


class StandardItemForm(StyledFormMixin, forms.ModelForm):
    """Input only: the service saves. A point of zero, or a deduction of zero, would let an
    item count without ever losing anything. Switching an item on or off has its own
    buttons (switching off asks first)."""

    points = forms.IntegerField(label=_("points"), min_value=1, max_value=100)
    deduction = forms.IntegerField(label=_("points lost per record"), min_value=1, max_value=100)

    class Meta:
        model = StandardItem
        fields = ["title", "points", "deduction"]


class StandardItemAddForm(StandardItemForm):
    """A new item: its section, a code no other item has, and the measure that finds the
    records short of it."""

    measure = forms.ChoiceField(label=_("measure"), choices=measure_choices)

    class Meta:
        model = StandardItem
        fields = ["section", "code", "title", "points", "deduction", "measure"]
