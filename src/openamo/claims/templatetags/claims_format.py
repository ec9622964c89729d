"""Badges and labels of the claims pages; amounts and rates come from `core` (amounts)."""

from django import template

from openamo.core.templatetags import amounts

register = template.Library()


for _name, _filter in (("dh", amounts.dh), ("pct", amounts.pct), ("qty", amounts.qty)):
    register.filter(_name, _filter)


OUTCOME_BADGES = {"accepted": "ok", "partly_accepted": "warn", "rejected": "ko"}
STATUS_BADGES = {
    "received": "",
    "in_adjudication": "info",
    "waiting_documents": "warn",
    "medical_review": "warn",
    "adjudicated": "ok",
    "paid": "ok",
}


@register.filter
def outcome_badge(value) -> str:
    return OUTCOME_BADGES.get(value or "", "")


@register.filter
def status_badge(value) -> str:
    return STATUS_BADGES.get(value or "", "")


@register.filter
def outcome_label(value) -> str:
    """A batch transition's reason is the outcome code: show its French label."""
    from openamo.claims.models import Outcome

    return Outcome(value).label if value in Outcome.values else value
