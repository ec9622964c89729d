"""The audit entries of an adjudication: one per claim (its status, statement version, outcome
and amount reimbursed, old → new), written in bulk with the statements of the chunk."""

from openamo.audit.models import AuditAction
from openamo.audit.services import Change

from .models import ClaimStatus, Statement


def _previous(versions: dict[int, int]) -> dict[int, tuple[str, object]]:
    """The outcome and amount of the statements being replaced (one query, only when some
    claims are adjudicated again: a first batch has none)."""
    if not versions:
        return {}
    rows = Statement.objects.filter(
        claim_id__any=list(versions), version__any=sorted(set(versions.values()))
    ).values_list("claim_id", "version", "outcome", "total_reimbursed")
    return {cid: (outcome, total) for cid, v, outcome, total in rows if versions[cid] == v}


def adjudication_changes(claims: dict, versions: dict[int, int], results, reason: str):
    previous = _previous(versions)
    changes = []
    for cid, _, result in results:
        old_outcome, old_total = previous.get(cid, (None, None))
        version = versions.get(cid, 0)
        values = {
            "status": [claims[cid].status, ClaimStatus.ADJUDICATED.value],
            "statement_version": [version or None, version + 1],
            "outcome": [old_outcome, result.outcome],
            "total_reimbursed": [old_total, result.total("reimbursed")],
        }
        changes.append(Change(claims[cid], AuditAction.TRANSITION, values, reason))
    return changes
