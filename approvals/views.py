from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from core.pages import paginate

from .selectors import inbox_entries, inbox_rows


@login_required
def inbox(request):
    page, query = paginate(request, inbox_entries(request.user), 25)
    rows = inbox_rows(page.object_list)
    return render(request, "approvals/inbox.html", {"page": page, "rows": rows, "query": query})
