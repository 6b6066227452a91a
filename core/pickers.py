"""Pickers that scale: a person or an item is chosen by typing part of a name or number, never
from a list of every row (a <select> of 10,000 employees is unusable, and shows them all).

A `Picker` names the set a form field accepts for a user — the app's own visibility selector.
The same set feeds the search endpoint and validates the submitted id, so the search shows
nobody the field would refuse and the field accepts nobody the search would hide (a forged
id outside the set is an invalid choice). Each app declares its pickers in `pickers.py` and
routes `pick/<name>/` to `search_view(its pickers)`; core knows no app.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Model, QuerySet
from django.forms.utils import flatatt
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .params import LARGEST_ID, query_id

MAX_RESULTS = 20
MAX_TEXT = 50  # nothing is named by more
SEARCH_SUFFIX = "_search"  # the text box's name: the field's name and this


@dataclass(frozen=True)
class Kind:
    """How one model's rows are found and named: `search(rows, text, user)` narrows the rows
    to those the typed text matches; `exact` is the field a number typed in full must equal
    (what the form accepts without a script); `label` is what the box shows once picked."""

    model: type[Model]
    search: Callable[[QuerySet, str, Any], QuerySet]
    exact: str
    order: tuple[str, ...]
    placeholder: str
    label: Callable[[Any], str] = str
    detail: Callable[[Any], str] = lambda row: ""


def _anyone(user) -> bool:
    return True


@dataclass(frozen=True)
class Picker:
    """One field's choices: `choices(user, **params)` is the set the field accepts, `allowed`
    who may search at all (others get a 404), `params` the ids the form passes on."""

    route: str
    name: str
    kind: Kind
    choices: Callable[..., QuerySet]
    allowed: Callable[[Any], bool] = _anyone
    params: tuple[str, ...] = ()

    def url(self, **params) -> str:
        url = reverse(self.route, kwargs={"name": self.name})
        return f"{url}?{urlencode(params)}" if params else url

    def rows(self, user, **params) -> QuerySet:
        if not self.allowed(user):
            return self.kind.model.objects.none()
        return self.choices(user, **params)


def registry(*pickers: Picker) -> dict[str, Picker]:
    return {picker.name: picker for picker in pickers}


def search_view(pickers: dict[str, Picker]):
    """An app's `pick/<name>/` endpoint: at most MAX_RESULTS rows of the picker's set that
    match `q`, in one query; nothing for an empty text (no list of everyone)."""

    @login_required
    @require_GET
    def pick(request, name):
        picker = pickers.get(name)
        if picker is None or not picker.allowed(request.user):
            raise Http404("no such picker")
        params = {param: query_id(request, param) for param in picker.params}
        text = request.GET.get("q", "").strip()[:MAX_TEXT]
        found = []
        if text:
            rows = picker.kind.search(picker.rows(request.user, **params), text, request.user)
            found = list(rows.order_by(*picker.kind.order)[: MAX_RESULTS + 1])
        kind = picker.kind
        return render(
            request,
            "includes/picker_results.html",
            {
                "rows": [(row.pk, kind.label(row), kind.detail(row)) for row in found][
                    :MAX_RESULTS
                ],
                "more": len(found) > MAX_RESULTS,
                "limit": MAX_RESULTS,
                "text": text,
            },
        )

    return pick


class Typed(str):
    """What was typed in the box when no row was picked (no script, or typed in full)."""


class PickerWidget(forms.Widget):
    """A text box that searches as one types (htmx, static/js/pickers.js), a hidden input with
    the picked id, and the list of matches. Renders only the picked row's label."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.url = ""
        self.queryset = None
        self.kind = None

    def value_from_datadict(self, data, files, name):
        picked = data.get(name, "")
        if picked:
            return picked
        typed = data.get(name + SEARCH_SUFFIX, "").strip()[:MAX_TEXT]
        return Typed(typed) if typed else ""

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + SEARCH_SUFFIX not in data

    def _shown(self, value) -> tuple[str, str]:
        """(id, text) for the boxes: a typed text as typed; an id with its row's label, read
        through the field's set, so an id outside it shows nothing."""
        if isinstance(value, Typed):
            return "", value
        value = "" if value is None else str(value)
        if not (value.isascii() and value.isdigit() and 0 < int(value) <= LARGEST_ID):
            return "", ""
        row = self.queryset.filter(pk=int(value)).first() if self.queryset is not None else None
        return (value, self.kind.label(row)) if row is not None else ("", "")

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        box_id = attrs.pop("id", None) or f"id_{name}"
        picked, text = self._shown(value)
        results = f"{box_id}_results"
        box = {
            **attrs,
            "type": "text",
            "id": box_id,
            "name": name + SEARCH_SUFFIX,
            "value": text,
            "autocomplete": "off",
            "role": "combobox",
            "aria-autocomplete": "list",
            "aria-expanded": "false",
            "aria-controls": results,
            "placeholder": self.kind.placeholder if self.kind else "",
            "hx-get": self.url,
            "hx-trigger": "input changed delay:250ms",
            "hx-target": f"#{results}",
            "hx-sync": "this:replace",
            "data-picker-input": True,
        }
        return format_html(
            '<div class="picker" data-picker>'
            '<input type="hidden" name="{}" value="{}" id="{}_value" data-picker-value>'
            '<input{}><div class="list-group picker-results" id="{}" role="listbox"></div></div>',
            name,
            picked,
            box_id,
            flatatt(box),
            results,
        )


class PickerField(forms.ModelChoiceField):
    """A ModelChoiceField picked by search. Its set comes from the picker for the form's user
    (`for_user`); until then it accepts nothing."""

    widget = PickerWidget
    default_error_messages = {
        "invalid_choice": _("Choose from the list, or type the number in full."),
    }

    def __init__(self, picker: Picker, **kwargs):
        self.picker = picker
        super().__init__(queryset=picker.kind.model.objects.none(), **kwargs)

    def for_user(self, user, **params) -> None:
        wanted = {name: params[name] for name in self.picker.params}
        self.queryset = self.picker.rows(user, **wanted)
        self.widget.queryset = self.queryset
        self.widget.kind = self.picker.kind
        self.widget.url = self.picker.url(**wanted)

    def to_python(self, value):
        if isinstance(value, Typed):
            found = list(self.queryset.filter(**{self.picker.kind.exact: value})[:2])
            if len(found) != 1:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": value},
                )
            return found[0]
        return super().to_python(value)


class PickerFormMixin:
    """A form with pickers takes the user it is for (and any ids its pickers need)."""

    def __init__(self, *args, user, picker_params=None, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, PickerField):
                field.for_user(user, **(picker_params or {}))
