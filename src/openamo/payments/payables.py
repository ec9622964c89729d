"""What a run may pay on its cut-off, loaded and locked (inside the run's transaction).

Insured run: claims adjudicated (latest statement dated up to the cut-off) whose latest
statement reimburses something, paid to the member's RIB. Provider run: accepted invoices
(in full or with a deduction), unpaid, due up to the cut-off, paid to the provider's RIB.
Claims and invoices already in an order that is not rejected are left out.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q

from openamo.authorizations.models import Invoice, InvoiceStatus
from openamo.claims.models import Claim, ClaimStatus, Statement
from openamo.core.identifiers import rib_problem

from .grouping import Payable
from .models import PaymentHold, PaymentItem, Receivable

PAYABLE_INVOICE = (InvoiceStatus.ACCEPTED, InvoiceStatus.REDUCED)


@dataclass(frozen=True)
class Piece:
    """What an item points to, to write the order and its items once grouped."""

    payable: Payable
    claim: Claim | None = None
    statement: Statement | None = None
    invoice: Invoice | None = None

    @property
    def payee(self):
        return self.claim.beneficiary.member if self.claim else self.invoice.provider


def holds_in_force(day: date) -> dict[str, dict[int, str]]:
    """Target kind → {target id: why} for the holds in force on `day` (the why names the
    investigation case when the hold was set from one)."""
    rows = PaymentHold.objects.filter(lifted_at__isnull=True, starts_on__lte=day).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    )
    out: dict[str, dict[int, str]] = {"member": {}, "provider": {}, "claim": {}, "invoice": {}}
    for hold in rows.order_by("id"):
        why = f"dossier d'investigation {hold.case_reference}" if hold.case_reference else ""
        out[hold.target_kind].setdefault(getattr(hold, f"{hold.target_kind}_id"), why)
    return out


def _hold_of(holds: dict[str, dict[int, str]], **targets: int) -> tuple[bool, str]:
    for kind, pk in targets.items():
        if pk in holds[kind]:
            return True, holds[kind][pk]
    return False, ""


def _has_rib(rib: str) -> bool:
    return bool(rib) and rib_problem(rib) is None


CHUNK = 2000


def _chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _claims_locked(ids: list[int]) -> tuple[dict[int, Claim], dict[int, Statement]]:
    """Lock a chunk of claims, then read the active items again (a run committed meanwhile is
    seen now), the claims with their member and their latest statement."""
    locked = list(
        Claim.objects.select_for_update()
        .filter(id__any=ids, status=ClaimStatus.ADJUDICATED)
        .order_by("id")
        .values_list("id", flat=True)
    )
    taken = set(
        PaymentItem.objects.filter(claim_id__any=locked, active=True).values_list(
            "claim_id", flat=True
        )
    )
    free = [pk for pk in locked if pk not in taken]
    claims = {
        c.pk: c for c in Claim.objects.filter(id__any=free).select_related("beneficiary__member")
    }
    latest: dict[int, Statement] = {}
    for s in Statement.objects.filter(claim_id__any=free).order_by("claim_id", "-version"):
        latest.setdefault(s.claim_id, s)
    return claims, latest


def claim_pieces(*, cut_off: date, day: date) -> list[Piece]:
    ids = list(
        Claim.objects.filter(status=ClaimStatus.ADJUDICATED, deposit_date__lte=cut_off)
        .exclude(payment_items__active=True)
        .order_by("id")
        .values_list("id", flat=True)
    )
    holds = holds_in_force(day)
    pieces = []
    for chunk in _chunks(ids):
        claims, latest = _claims_locked(chunk)
        for claim_id, claim in claims.items():
            statement = latest.get(claim_id)
            if statement is None or statement.adjudicated_at.date() > cut_off:
                continue
            if statement.total_reimbursed <= 0:
                continue
            member = claim.beneficiary.member
            held, why = _hold_of(holds, claim=claim_id, member=member.pk)
            payable = Payable(
                key=f"claim:{claim_id}",
                payee=f"member:{member.pk}",
                amount=statement.total_reimbursed,
                held=held,
                has_rib=_has_rib(member.rib),
                hold_reason=why,
            )
            pieces.append(Piece(payable, claim=claim, statement=statement))
    return sorted(pieces, key=lambda p: (p.payable.payee, p.payable.key))


def invoice_pieces(*, cut_off: date, day: date) -> list[Piece]:
    ids = list(
        Invoice.objects.filter(
            status__in=PAYABLE_INVOICE, paid_on__isnull=True, payment_due_on__lte=cut_off
        )
        .exclude(payment_items__active=True)
        .order_by("id")
        .values_list("id", flat=True)
    )
    locked = list(
        Invoice.objects.select_for_update()
        .filter(id__any=ids, status__in=PAYABLE_INVOICE, paid_on__isnull=True)
        .order_by("id")
        .values_list("id", flat=True)
    )
    taken = set(
        PaymentItem.objects.filter(invoice_id__any=locked, active=True).values_list(
            "invoice_id", flat=True
        )
    )
    invoices = Invoice.objects.filter(id__any=[i for i in locked if i not in taken]).select_related(
        "provider"
    )
    holds = holds_in_force(day)
    pieces = []
    for invoice in invoices:
        provider = invoice.provider
        held, why = _hold_of(holds, invoice=invoice.pk, provider=provider.pk)
        payable = Payable(
            key=f"invoice:{invoice.pk}",
            payee=f"provider:{provider.pk}",
            amount=invoice.amount_accepted,
            held=held,
            has_rib=_has_rib(provider.rib),
            hold_reason=why,
        )
        pieces.append(Piece(payable, invoice=invoice))
    return sorted(pieces, key=lambda p: (p.payable.payee, p.payable.key))


def amount_of(pieces: list[Piece]) -> Decimal:
    return sum((p.payable.amount for p in pieces), Decimal("0.00"))


def receivables_open(payees: set[str]) -> dict[str, list[tuple[int, Decimal]]]:
    """Open receivables of the run's payees, locked, oldest first (they are few: all open
    ones are read, then kept for the payees at hand)."""
    out: dict[str, list[tuple[int, Decimal]]] = {}
    rows = (
        Receivable.objects.select_for_update()
        .filter(remaining__gt=0)
        .order_by("created_at", "id")
        .values_list("id", "member_id", "provider_id", "remaining")
    )
    for pk, member_id, provider_id, remaining in rows:
        payee = f"member:{member_id}" if member_id else f"provider:{provider_id}"
        if payee in payees:
            out.setdefault(payee, []).append((pk, remaining))
    return out
