"""The scans of a paper claim file, kept by the document store and read under the claim's
scope (the fund's staff who read claims), every read logged."""

from django.db import transaction
from django.utils import timezone

from openamo.audit.services import audit_write
from openamo.documents import checks
from openamo.documents.scopes import Owner
from openamo.documents.services import document_store

from .models import Claim

VIEW = "claims.view_claim"
SCAN_KINDS = (checks.PDF, checks.JPEG, checks.PNG)


@transaction.atomic
def claim_scan_add(*, claim: Claim, upload, user, now=None):
    """Attach one scan of the paper file (PDF, JPEG, PNG; checked by content)."""
    document = document_store(
        upload=upload,
        owner=claim,
        user=user,
        beneficiary_id=claim.beneficiary_id,
        kinds=SCAN_KINDS,
        now=now or timezone.now(),
    )
    audit_write(obj=claim, action="update", user=user, changes={"scan": [None, document.name]})
    return document


def claim_owner(user, claim_id: int) -> Owner | None:
    if not user.has_perm(VIEW):
        return None
    row = Claim.objects.filter(pk=claim_id).values_list("beneficiary_id", flat=True).first()
    return Owner(row) if row is not None else None
