"""Reads of the controllers' workspace: the alert queue and the cases."""

from django.db.models import ExpressionWrapper, F, FloatField, Q, QuerySet
from django.db.models.functions import Cast

from .models import Alert, AlertStatus, Case

CLOSED_PREFIX = "closed"


def alert_queue(
    *,
    status: str = AlertStatus.NEW,
    detector: str = "",
    reason: str = "",
    region: str = "",
    delegation: str = "",
    provider_kind: str = "",
) -> QuerySet[Alert]:
    """Alerts ranked by score × amount at stake (highest first)."""
    rows = Alert.objects.select_related(
        "provider", "member", "beneficiary", "case", "provider__city__region"
    ).annotate(
        priority=ExpressionWrapper(
            F("score") * Cast("amount_at_stake", FloatField()), output_field=FloatField()
        )
    )
    if status:
        rows = rows.filter(status=status)
    if detector:
        rows = rows.filter(detector=detector)
    if reason:
        rows = rows.filter(reason_code=reason)
    if region:
        rows = rows.filter(
            Q(provider__city__region__code=region) | Q(member__city__region__code=region)
        )
    if delegation:
        rows = rows.filter(
            Q(provider__city__delegation__code=delegation)
            | Q(member__city__delegation__code=delegation)
        )
    if provider_kind:
        rows = rows.filter(provider__kind=provider_kind)
    return rows.order_by("-priority", "-score", "id")


def alert_choices() -> dict[str, list[str]]:
    """The detectors and reasons seen, for the queue's filters."""
    return {
        "detectors": list(Alert.objects.order_by().values_list("detector", flat=True).distinct()),
        "reasons": list(Alert.objects.order_by().values_list("reason_code", flat=True).distinct()),
    }


def case_list(*, status: str = "", mine_of=None) -> QuerySet[Case]:
    rows = Case.objects.select_related("provider", "member", "beneficiary", "assigned_to")
    if status == "open":
        rows = rows.exclude(status__startswith=CLOSED_PREFIX)
    elif status == "closed":
        rows = rows.filter(status__startswith=CLOSED_PREFIX)
    if mine_of is not None:
        rows = rows.filter(assigned_to=mine_of)
    return rows


def case_get(*, reference: str) -> Case:
    return Case.objects.select_related(
        "provider", "member", "beneficiary", "assigned_to", "opened_by"
    ).get(reference=reference)
