"""`{% main_menu %}`: the navigation's menu, rendered once per process for each set of what it
shows by, then reused. Rendering its links and rights checks afresh cost a signed-in page
more than most pages' own content."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

MENU = "includes/main_menu.html"
INBOX = "<!--inbox-->"  # where the live count of "waiting for me" goes
_rendered: dict[tuple, tuple[str, str]] = {}
_KEPT = 512  # distinct keys kept: combinations of roles, far fewer in practice


@register.simple_tag(takes_context=True)
def main_menu(context) -> str:
    before, after = _menu(context)
    count = context.get("inbox_count")
    badge = format_html(
        ' <span class="badge text-bg-danger" data-testid="inbox-count">{}</span>', count
    )
    return mark_safe(before + (badge if count else "") + after)  # nosec B308 B703


def _menu(context) -> tuple[str, str]:
    key = menu_key(context)
    if key not in _rendered:
        if len(_rendered) >= _KEPT:
            _rendered.clear()
        html = context.template.engine.get_template(MENU).render(context)
        before, _, after = html.partition(INBOX)
        _rendered[key] = (before, after)
    return _rendered[key]


def menu_key(context) -> tuple:
    """Everything the menu's template reads: the language, the user's rights, whether they
    head a department, have an employee record and belong to the classified staff."""
    user = context["user"]
    employee = context.get("current_employee")
    rights = "all" if user.is_superuser else frozenset(user.get_all_permissions())
    return (
        get_language(),
        rights,
        bool(context.get("heads_department")),
        employee is not None,
        bool(employee and employee.is_classified),
    )
