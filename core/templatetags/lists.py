"""`{% filter_select field %}`: a list filter's <select>, as Django's Select widget writes it,
built in Python: the widget's template per option, or a template loop over the options, cost
more than the rest of a list page's form."""

from django import template
from django.utils.safestring import mark_safe

from core.pages import as_html

register = template.Library()


@register.simple_tag
def filter_select(field) -> str:
    chosen = field.value()
    chosen = "" if chosen is None else str(chosen)
    options = "".join(
        OPTION.format(as_html(value), " selected" if str(value) == chosen else "", as_html(label))
        for value, label in field.field.choices
    )
    extra = LABEL.format(as_html(field.label)) if field.label else ""
    if field.errors:
        extra += INVALID.format(as_html(field.auto_id))
    name, auto_id = as_html(field.html_name), as_html(field.auto_id)
    return mark_safe(SELECT.format(name, extra, auto_id, options))  # nosec B308 B703: escaped


SELECT = '<select name="{}" class="form-select"{} id="{}">{}\n</select>'
OPTION = '\n  <option value="{}"{}>{}</option>'
LABEL = ' aria-label="{}"'
INVALID = ' aria-invalid="true" aria-describedby="{}_error"'
