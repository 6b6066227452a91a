"""F5 and A4: the "classified documents returned" item waits for the leaver's open loans,
and the checklist names only the items its reader may see."""

import pytest
from django.urls import reverse

from archives.services import loans
from core.classification import Level
from core.errors import DomainError
from offboarding import services
from offboarding.models import ChecklistItem
from tests.archives.helpers import grant_all, make_item
from tests.archives.test_loans import approved as approved_loan
from tests.archives.test_loans import hand_out

from .conftest import CHAIN, decide, user

pytestmark = pytest.mark.django_db
KIND = ChecklistItem.Kind.CLASSIFIED_RETURN


def test_the_return_item_waits_for_open_loans(submit, login):
    grant_all()
    internal = make_item(Level.INTERNAL, title="客服话术手册", department="CS")
    secret = make_item(Level.CONFIDENTIAL, title="客户合同汇编", department="CS")
    # Handed out before resigning: nothing is handed out to a leaver (issue 13).
    hand_out(approved_loan("emp_cs", internal))
    hand_out(approved_loan("emp_cs", secret))
    approved = submit()
    for username in CHAIN:
        decide(approved, username)
    approved.refresh_from_db()
    item = approved.checklist.items.get(kind=KIND)
    with pytest.raises(DomainError, match="2"):
        services.checklist_item_sign(actor=user("archivist"), item=item)

    page = reverse("offboarding:resignation_detail", args=[approved.pk])
    hr_html = login("hr").get(page).content.decode()  # hr reads 内部 only, not 秘密
    assert internal.catalogue_no in hr_html and secret.catalogue_no not in hr_html
    assert "另有 1 件超出您知悉授权范围的档案" in hr_html
    clerk_html = login("archivist").get(page).content.decode()
    assert internal.catalogue_no in clerk_html and secret.catalogue_no in clerk_html

    for loan in approved.employee.archive_loans.all():
        loans.loan_return(actor=user("archivist"), loan=loan, borrower_signed=True)
    services.checklist_item_sign(actor=user("archivist"), item=item)
    item.refresh_from_db()
    assert item.signed
