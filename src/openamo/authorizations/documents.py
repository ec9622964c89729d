"""The files of an authorisation's documents: readable by who may read the request (its
provider, the fund's staff who read authorisations)."""

from openamo.documents.scopes import Owner

from . import selectors
from .models import SubmittedDocument


def submitted_owner(user, submitted_id: int) -> Owner | None:
    row = SubmittedDocument.objects.select_related("request").filter(pk=submitted_id).first()
    if row is None:
        return None
    request = row.request
    provider = selectors.provider_of(user)
    if provider is not None:
        visible = request.provider_id == provider.pk
    else:
        visible = selectors.is_staff_reader(user)
    return Owner(request.beneficiary_id) if visible else None
