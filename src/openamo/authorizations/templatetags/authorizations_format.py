"""Labels of the prior-authorisation pages: {% load authorizations_format %}."""

from django import template

from openamo.authorizations import billing, rules

register = template.Library()


@register.filter
def rule_label(code) -> str:
    """The sentence of a decision rule ("instant_approval" → "Accord immédiat : …")."""
    try:
        return rules.LABELS[rules.Rule(code)]
    except ValueError:
        return str(code or "")


@register.filter
def billing_label(code) -> str:
    """The sentence of an invoice's reason ("late_billing" → "Facturation hors délai")."""
    try:
        return billing.LABELS[billing.BillingReason(code)]
    except ValueError:
        return str(code or "")
