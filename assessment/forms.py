from django import forms
from django.utils.translation import gettext_lazy as _

from .models import StandardItem


class StandardItemForm(forms.ModelForm):
    """Input only: the service saves. A point of zero, or a deduction of zero, would let an
    item count without ever losing anything."""

    points = forms.IntegerField(label=_("points"), min_value=1, max_value=100)
    deduction = forms.IntegerField(label=_("points lost per record"), min_value=1, max_value=100)

    class Meta:
        model = StandardItem
        fields = ["title", "points", "deduction", "active"]
