"""`{% filter_select field %}`: a list filter's <select>, as Django's Select widget writes it,
built in Python: the widget's template per option, or a template loop over the options, cost
more than the rest of a list page's form."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def filter_select(field) -> str:
    chosen = field.value()
    chosen = "" if chosen is None else str(chosen)
    options = format_html_join(
        "",
        '\n  <option value="{}"{}>{}</option>',
        (
            (value, " selected" if str(value) == chosen else "", label)
            for value, label in field.field.choices
        ),
    )
    invalid = ""
    if field.errors:
        invalid = format_html(' aria-invalid="true" aria-describedby="{}_error"', field.auto_id)
    return format_html(
        '<select name="{}" class="form-select"{} id="{}">{}\n</select>',
        field.html_name,
        invalid,
        field.auto_id,
        options,
    )
