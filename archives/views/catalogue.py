"""The catalogue pages: list and search, registration, the item page, removal (A1, A2, A5,
A9); the marking and the item lookup every archive page shares."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audit.history import history_with_changes, recent_history
from audit.models import AccessLog
from audit.services import access_record
from core.access import get_visible_or_404, require
from core.classification import Level, gathered, marking
from core.errors import DomainError
from core.feedback import run_form
from core.pages import labels, paginate_ids, row_link, table_rows
from core.params import query_id

from ..forms import ItemForm, MissingForm, RemovalForm, SearchForm
from ..models import ArchiveItem
from ..selectors import catalogue_of, missing_reports_of, visible_items, with_copies_out
from ..services import catalogue


def item_marking(item) -> dict:
    """A9: the level's marking for the top left of the page, in the level's colour."""
    return {"text": marking(item.level, item.secrecy_years), "level": item.level}


def page_marking(items) -> dict | None:
    """A9 for a list: the highest level and the longest secrecy period among the items it
    shows mark the page."""
    level, years = gathered((item.level, item.secrecy_years) for item in items)
    return {"text": marking(level, years), "level": level} if level else None


def item_from_query(request, items):
    """The item a new request or loan names (?item=), looked up through `items`: anything
    but the number of an item the user may see is a 404, a malformed number included."""
    return get_visible_or_404(items, pk=query_id(request, "item"))


def _unfiltered(form) -> bool:
    return form.is_valid() and not any(form.cleaned_data.values())


def _filtered(items, form):
    if not form.is_valid():
        return items.none()
    data = form.cleaned_data
    if data["q"]:
        q = data["q"].strip()
        items = items.filter(Q(catalogue_no__istartswith=q) | Q(title__icontains=q))
    for name in ("level", "department", "status"):
        if data[name]:
            items = items.filter(**{name: data[name]})
    if data["location"]:
        items = items.filter(location__icontains=data["location"].strip())
    return items


ITEM_FIELDS = (
    *("catalogue_no", "title", "level", "secrecy_years", "location", "copies", "status"),
    "department__name",
)
ITEM_ROW = (
    '<tr><td><a href="{url}">{number}</a></td><td>{title}</td>'
    '<td><span class="badge badge-level-{level}">{level_label}</span></td>'
    "<td>{department}</td><td>{location}</td><td>{copies}</td><td>{status}</td></tr>"
)


@login_required
def item_list(request):
    form = SearchForm(request.GET)
    visible, size = catalogue_of(request.user)
    items = _filtered(visible, form)
    # A deep page found by its ids alone: the joins cost the page, not the offset; the
    # unfiltered count from the level tallies, not by counting items.
    count = size() if _unfiltered(form) else None
    page, query = paginate_ids(
        request, items, settings.ARCHIVE_ITEMS_PER_PAGE, count=count, fields=ITEM_FIELDS
    )
    return render(
        request,
        "archives/item_list.html",
        {
            "page": page,
            "rows": _item_rows(page.object_list),
            "query": query,
            "form": form,
            "marking": page_marking(page),
            "can_register": request.user.has_perm("archives.add_archiveitem"),
        },
    )


def _item_rows(items):
    url = row_link("archives:item_detail")
    levels, statuses = labels(Level.choices), labels(ArchiveItem.Status.choices)

    def cells(item):
        return {
            "url": url(item.pk),
            "number": item.catalogue_no,
            "title": item.title,
            "level": item.level,
            "level_label": levels[item.level],
            "department": item.department_name,
            "location": item.location,
            "copies": item.copies,
            "status": statuses[item.status],
        }

    return table_rows(items, ITEM_ROW, cells)


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request):
    require(request.user.has_perm("archives.add_archiveitem"))
    form = ItemForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            item = catalogue.item_register(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Registered."))
            return redirect("archives:item_detail", pk=item.pk)
    return render(request, "archives/item_form.html", {"form": form})


@login_required
def item_detail(request, pk):
    visible = with_copies_out(visible_items(request.user)).select_related("department", "custodian")
    item = get_visible_or_404(visible, pk=pk)
    access_record(user=request.user, action=AccessLog.Action.VIEW, target=item, request=request)
    clerk = request.user.has_perm("archives.change_archiveitem")
    reports = missing_reports_of(request.user, item)
    return render(
        request,
        "archives/item_detail.html",
        {
            "item": item,
            "marking": item_marking(item),
            "clerk": clerk,
            "available": item.copies - item.out,
            "movements": item.movements.select_related("recorded_by")[:20]
            if request.user.has_perm("archives.view_itemmovement")
            else None,
            "open_report": reports.filter(found_on__isnull=True).first(),
            "reports": reports[:10],
            "missing_form": MissingForm(initial={"missing_since": timezone.localdate()})
            if clerk
            else None,
            "removal_form": RemovalForm() if clerk else None,
            "history": history_with_changes(recent_history(item, 30)) if clerk else None,
        },
    )


@login_required
@require_POST
def item_remove(request, pk):
    item = get_visible_or_404(visible_items(request.user), pk=pk)
    require(request.user.has_perm("archives.change_archiveitem"))
    run_form(
        request,
        RemovalForm(request.POST),
        lambda **data: catalogue.item_remove(actor=request.user, item=item, **data),
    )
    return redirect("archives:item_detail", pk=pk)
