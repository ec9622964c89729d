"""Set and lift holds on payments (oppositions)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openamo.audit.services import audit_change, snapshot

from ..models import PaymentHold


@transaction.atomic
def payment_hold_set(
    *,
    reason: str,
    starts_on: date,
    by,
    ends_on: date | None = None,
    member=None,
    provider=None,
    claim=None,
    invoice=None,
    case_reference: str = "",
) -> PaymentHold:
    targets = [t for t in (member, provider, claim, invoice) if t is not None]
    if len(targets) != 1:
        raise ValidationError(
            {
                "target": "désigner un seul objet : un assuré, un prestataire, un dossier ou une facture"
            }
        )
    if not (reason or "").strip():
        raise ValidationError({"reason": "le motif de l'opposition est obligatoire"})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "la fin précède le début de l'opposition"})
    hold = PaymentHold.objects.create(
        member=member,
        provider=provider,
        claim=claim,
        invoice=invoice,
        reason=reason.strip()[:300],
        starts_on=starts_on,
        ends_on=ends_on,
        set_at=timezone.now(),
        set_by=by,
        case_reference=case_reference,
    )
    audit_change(hold, user=by, reason=hold.reason)
    return hold


@transaction.atomic
def payment_hold_lift(
    *, hold: PaymentHold, by, reason: str = "", decision: str = ""
) -> PaymentHold:
    """Lift a hold. A hold set from an investigation case needs `decision`, the decision
    recorded on that case (the fraud app passes it); anywhere else it is refused."""
    hold = PaymentHold.objects.select_for_update().get(pk=hold.pk)
    if hold.lifted_at is not None:
        raise ValidationError({"hold": "cette opposition est déjà levée"})
    if hold.case_reference and not (decision or "").strip():
        raise ValidationError(
            {
                "lift_reason": f"cette suspension relève du dossier d'investigation "
                f"{hold.case_reference} : sa levée exige une décision enregistrée sur le dossier"
            }
        )
    if not (reason or "").strip():
        raise ValidationError({"lift_reason": "le motif de la levée est obligatoire"})
    before = snapshot(hold, ["lifted_at", "lifted_by", "lift_reason"])
    hold.lifted_at, hold.lifted_by, hold.lift_reason = timezone.now(), by, reason.strip()[:300]
    hold.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    audit_change(hold, before, user=by, reason=hold.lift_reason)
    return hold
