"""Record what a payee owes the fund (an indu); it is netted on the payee's next orders."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openamo.core.money import money

from ..models import Receivable


@transaction.atomic
def receivable_create(
    *, amount, reason: str, by, member=None, provider=None, source_reference: str = ""
) -> Receivable:
    if (member is None) == (provider is None):
        raise ValidationError({"payee": "désigner l'assuré ou le prestataire débiteur"})
    try:
        value = money(Decimal(str(amount)))
    except (InvalidOperation, ValueError):
        raise ValidationError({"amount": "montant invalide"}) from None
    if value <= 0:
        raise ValidationError({"amount": "le montant de l'indu doit être positif"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "le motif de l'indu est obligatoire"})
    return Receivable.objects.create(
        member=member,
        provider=provider,
        amount=value,
        remaining=value,
        reason=reason.strip()[:300],
        source_reference=source_reference[:30],
        created_at=timezone.now(),
        created_by=by,
    )
