from django.core.paginator import Page, Paginator
from django.urls import reverse


def paginate(request, queryset, per_page: int) -> tuple[Page, str]:
    """The requested page of a list, and the query string (filters kept, page dropped)
    for the pagination links."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def paginate_ids(request, queryset, per_page: int) -> tuple[Page, str]:
    """`paginate`, for long lists: the page is found by its rows' ids alone (a narrow scan,
    however deep the page), then only its own rows are loaded, with the queryset's joins."""
    page, query = paginate(request, queryset.values_list("pk", flat=True), per_page)
    ids = list(page.object_list)
    rows = queryset.in_bulk(ids)
    page.object_list = [rows[pk] for pk in ids]
    return page, query


_PK = 918273645  # stands for a row's key in a URL reversed once for a whole page


def dressed(rows, *, url: str, labels: dict[str, list[tuple]]) -> list:
    """A list page's rows with what each row shows, worked out once for the page: `url`,
    the row's page (`url` names it; reversed once, each key put in place of a stand-in)
    and `<field>_label` for each field of `labels` (a dictionary look-up, where
    get_<field>_display rebuilds the choices on every call). Per row, `{% url %}` and the
    display methods cost more than the rest of a long list's row."""
    head, _, tail = reverse(url, args=[_PK]).rpartition(str(_PK))
    names = {
        field: {value: str(label) for value, label in choices} for field, choices in labels.items()
    }
    rows = list(rows)
    for row in rows:
        row.url = f"{head}{row.pk}{tail}"
        for field, by_value in names.items():
            setattr(row, f"{field}_label", by_value[getattr(row, field)])
    return rows
