"""An invoice against its agreement. Pure: no Django, no I/O.

The claims engine values each invoice line (base, rate, the fund's share at the reference
tariff); this core then holds the invoice to its agreement, with a coded reason and a French
sentence for every cut:
- billed after the billing delay (90 days after the end of care): the whole invoice is refused;
- an act, forfait or device not in the agreement, or outside its period: the line is refused;
- quantities beyond what was granted (counting earlier invoices): the excess is cut;
- a fund's share beyond the amount granted (counting earlier invoices): the excess is cut.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from openamo.core.money import ZERO, money


class BillingReason(StrEnum):
    LATE_BILLING = "late_billing"
    ACT_NOT_AGREED = "act_not_agreed"
    OUTSIDE_AGREEMENT_PERIOD = "outside_agreement_period"
    QUANTITY_BEYOND_AGREEMENT = "quantity_beyond_agreement"
    BEYOND_AGREEMENT = "amount_beyond_agreement"
    BATCH_TOO_LARGE = "batch_too_large"


LABELS = {
    BillingReason.LATE_BILLING: "Facturation hors délai",
    BillingReason.ACT_NOT_AGREED: "Acte non prévu par la prise en charge",
    BillingReason.OUTSIDE_AGREEMENT_PERIOD: "Soins en dehors de la période de la prise en charge",
    BillingReason.QUANTITY_BEYOND_AGREEMENT: "Quantité au-delà de la quantité accordée",
    BillingReason.BEYOND_AGREEMENT: "Montant au-delà de la prise en charge accordée",
    BillingReason.BATCH_TOO_LARGE: "Bordereau au-delà du nombre maximal de dossiers",
}


@dataclass(frozen=True)
class Cut:
    code: str
    amount: Decimal
    message: str

    def as_json(self) -> dict:
        return {"code": self.code, "amount": str(self.amount), "message": self.message}


def cut(code: BillingReason, amount: Decimal = ZERO, detail: str = "") -> Cut:
    return Cut(str(code), money(amount), LABELS[code] + (f" : {detail}" if detail else ""))


def _dh(amount: Decimal) -> str:
    return f"{money(amount):.2f}".replace(".", ",") + " DH"


@dataclass(frozen=True)
class AgreementFacts:
    reference: str
    start: date
    end: date
    granted: dict[str, Decimal]  # code → quantity granted
    covered_total: Decimal  # the fund's share granted
    billed: dict[str, Decimal] = field(default_factory=dict)  # quantity on earlier invoices
    accepted_before: Decimal = ZERO  # accepted on earlier invoices


@dataclass(frozen=True)
class ValuedLine:
    """An invoice line as the engine valued it."""

    number: int
    code: str
    care_date: date
    quantity: Decimal
    charged: Decimal
    covered: Decimal  # the engine's reimbursed amount (0 when rejected)
    rejection: Cut | None = None  # the engine's rejection, if any
    notes: tuple[Cut, ...] = ()  # the engine's deductions (above tariff...), for the record


@dataclass(frozen=True)
class LineResult:
    number: int
    covered: Decimal
    accepted: Decimal
    reasons: tuple[Cut, ...]


@dataclass(frozen=True)
class InvoiceResult:
    status: str  # accepted | reduced | refused
    charged: Decimal
    covered: Decimal
    accepted: Decimal
    reasons: tuple[Cut, ...]  # invoice-level
    lines: tuple[LineResult, ...]


def _line(line: ValuedLine, agreement: AgreementFacts, billed: dict) -> LineResult:
    if line.code not in agreement.granted:
        return LineResult(
            line.number,
            line.covered,
            ZERO,
            (cut(BillingReason.ACT_NOT_AGREED, line.covered, line.code),),
        )
    if not agreement.start <= line.care_date <= agreement.end:
        detail = f"{line.care_date:%d/%m/%Y}, accord du {agreement.start:%d/%m/%Y} au {agreement.end:%d/%m/%Y}"
        return LineResult(
            line.number,
            line.covered,
            ZERO,
            (cut(BillingReason.OUTSIDE_AGREEMENT_PERIOD, line.covered, detail),),
        )
    if line.rejection is not None:
        return LineResult(line.number, line.covered, ZERO, (line.rejection,))
    left = agreement.granted[line.code] - billed.get(line.code, ZERO)
    billed[line.code] = billed.get(line.code, ZERO) + line.quantity
    if line.quantity <= left:
        return LineResult(line.number, line.covered, line.covered, line.notes)
    kept = max(left, ZERO)
    accepted = money(line.covered * kept / line.quantity)
    detail = f"{line.quantity.normalize():f} facturé(s), {kept.normalize():f} restant(s) sur {agreement.granted[line.code].normalize():f} accordé(s)"
    reason = cut(BillingReason.QUANTITY_BEYOND_AGREEMENT, line.covered - accepted, detail)
    return LineResult(line.number, line.covered, accepted, (*line.notes, reason))


def invoice_adjudicate(
    *,
    lines: tuple[ValuedLine, ...],
    agreement: AgreementFacts,
    care_end: date,
    received_on: date,
    delay_days: int | None,
) -> InvoiceResult:
    charged = sum((x.charged for x in lines), ZERO)
    covered = sum((x.covered for x in lines), ZERO)
    late_by = (received_on - care_end).days - delay_days if delay_days is not None else 0
    if late_by > 0:
        detail = f"reçue le {received_on:%d/%m/%Y}, {late_by} jour(s) après le délai de {delay_days} jours"
        reason = cut(BillingReason.LATE_BILLING, covered, detail)
        results = tuple(LineResult(x.number, x.covered, ZERO, (reason,)) for x in lines)
        return InvoiceResult("refused", charged, covered, ZERO, (reason,), results)
    billed = dict(agreement.billed)
    results = [_line(x, agreement, billed) for x in lines]
    accepted = sum((r.accepted for r in results), ZERO)
    room = max(agreement.covered_total - agreement.accepted_before, ZERO)
    reasons: tuple[Cut, ...] = ()
    if accepted > room:
        excess = accepted - room
        detail = (
            f"part de la caisse {_dh(accepted)}, reste sur l'accord {_dh(room)} "
            f"(accordé {_dh(agreement.covered_total)})"
        )
        reasons = (cut(BillingReason.BEYOND_AGREEMENT, excess, detail),)
        results = _spread(results, excess, reasons[0])
        accepted = room
    if accepted == ZERO:
        status = "refused"
    elif reasons or any(r.accepted < r.covered for r in results):
        status = "reduced"
    else:
        status = "accepted"
    return InvoiceResult(status, charged, covered, accepted, reasons, tuple(results))


def _spread(results: list[LineResult], excess: Decimal, reason: Cut) -> list[LineResult]:
    """Take the excess off the lines, last first, so the lines still add up to the invoice."""
    out = list(results)
    for i in range(len(out) - 1, -1, -1):
        if excess <= 0:
            break
        r = out[i]
        taken = min(r.accepted, excess)
        if taken > 0:
            line_reason = Cut(reason.code, taken, reason.message)
            out[i] = LineResult(r.number, r.covered, r.accepted - taken, (*r.reasons, line_reason))
            excess -= taken
    return out
