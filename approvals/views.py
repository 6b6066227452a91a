from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from .registry import kind_get
from .selectors import steps_waiting_for


@login_required
def inbox(request):
    page = Paginator(steps_waiting_for(request.user), 25).get_page(request.GET.get("page"))
    rows = [
        (step, kind_get(step.chain.kind).label, kind_get(step.chain.kind).subject_url(step.chain))
        for step in page
    ]
    return render(request, "approvals/inbox.html", {"page": page, "rows": rows, "query": ""})
