"""Small helpers of the controllers' pages: {% load fraud_tags %}."""

from django import template

register = template.Library()


@register.filter
def at(mapping, key):
    """mapping[key] or None (a provider by INPE, a medicine by EAN)."""
    return mapping.get(key) if mapping else None


@register.filter
def case_badge(status: str) -> str:
    if status.startswith("closed"):
        return "ok" if status == "closed_unfounded" else "ko"
    return "warn"


@register.filter
def alert_badge(status: str) -> str:
    return {"new": "warn", "in_case": "ko", "dismissed": "ok"}.get(status, "")
