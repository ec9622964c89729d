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


# French labels of the detectors and reasons; a detector (issue 14) adds its own here, and an
# unknown code is shown as words ("sejours_fictifs" → "Sejours fictifs"), never raw.
CODE_LABELS: dict[str, str] = {}


@register.filter
def code_label(code: str) -> str:
    return CODE_LABELS.get(code) or (code or "").replace("_", " ").strip().capitalize()
