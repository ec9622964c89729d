"""Who may read the original file of a payroll declaration: the fund's contributions staff,
the employer who declared, a broker whose portfolio holds that employer on the day."""

from django.http import Http404
from django.utils import timezone

from openamo.contributions.models import Declaration
from openamo.documents.scopes import Owner

from . import selectors, selectors_broker


def declaration_owner(user, declaration_id: int) -> Owner | None:
    rows = Declaration.objects.filter(pk=declaration_id)
    if user.has_perm("contributions.view_declaration"):
        return Owner() if rows.exists() else None
    try:
        return Owner() if rows.filter(employer=selectors.employer_of(user)).exists() else None
    except Http404:
        pass
    try:
        employers = selectors_broker.portfolio_employers(user, on=timezone.localdate())
    except Http404:
        return None
    return Owner() if rows.filter(employer__in=employers.values("pk")).exists() else None
