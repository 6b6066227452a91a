"""`{{ user|person }}`: who a login is, by the person's name (a builtin of every template)."""

from django import template

from core.people import person_name

register = template.Library()


@register.filter
def person(user) -> str:
    return person_name(user)
