from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from audit.pages import paginate

from .registry import kind_get
from .selectors import steps_waiting_for


@login_required
def inbox(request):
    page, query = paginate(request, steps_waiting_for(request.user), 25)
    rows = [
        (step, kind_get(step.chain.kind).label, kind_get(step.chain.kind).subject_url(step.chain))
        for step in page
    ]
    return render(request, "approvals/inbox.html", {"page": page, "rows": rows, "query": query})
