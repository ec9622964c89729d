"""The pieces of an investigation: read only by the fund's controllers who read cases."""

from openamo.documents.scopes import Owner

from .models import CaseDocument

VIEW_CASE = "fraud.view_case"


def case_document_owner(user, row_id: int) -> Owner | None:
    if not user.has_perm(VIEW_CASE):
        return None
    row = CaseDocument.objects.select_related("case").filter(pk=row_id).first()
    return Owner(row.case.beneficiary_id) if row is not None else None
