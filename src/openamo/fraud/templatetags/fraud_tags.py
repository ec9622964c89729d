"""Small helpers of the controllers' pages: {% load fraud_tags %}."""

from django import template
from django.utils.translation import gettext_lazy as _

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


# French labels of the detectors and reasons: the rules (`fraud/rules/`, their RULE and the
# reasons of their hits), the statistical detectors (`fraud/detectors/`, DETECTOR and reasons)
# and the pre-payment control. A rule's alerts carry the detector "rule:<rule>", shown as
# "Règle : <label>". An unknown code is shown as words ("sejours_fictifs" → "Sejours fictifs"),
# never raw.
CODE_LABELS: dict = {
    # rules, one pure module each (fraud/rules/)
    "duplicate_line": _("Acte facturé en double"),
    "unbundling": _("Forfait éclaté (actes facturés à part)"),
    "quantity_beyond_duration": _("Quantité au-delà de la durée du traitement"),
    "restrictions": _("Restriction d'âge ou de sexe"),
    "sex_incompatible": _("Acte incompatible avec le sexe"),
    "age_incompatible": _("Acte incompatible avec l'âge"),
    "care_after_death": _("Soins après le décès"),
    "care_during_stay": _("Soins de ville pendant une hospitalisation"),
    "dialysis_over_three": _("Plus de trois dialyses par semaine"),
    "phantom_stay": _("Hospitalisation sans actes (séjour fictif)"),
    "doctor_shopping": _("Nomadisme médical"),
    "prescription_reuse": _("Ordonnance réutilisée"),
    # statistical detectors (fraud/detectors/)
    "peer_groups": _("Comparaison aux pairs"),
    "peer_outlier": _("Écart aux pairs"),
    "upcoding": _("Surcotation"),
    "fictitious_dependent": _("Ayant droit fictif"),
    "provider_anomaly": _("Profil de prestataire atypique"),
    "profile_anomaly": _("Profil d'activité atypique"),
    "collusion_ring": _("Réseau de collusion"),
    # the control before payment (fraud/prepayment.py) and the scan's rules pass
    "prepayment": _("Contrôle avant paiement"),
    "rules": _("Règles"),
}
RULE_PREFIX = "rule:"


@register.filter
def code_label(code: str) -> str:
    code = code or ""
    if code in CODE_LABELS:
        return str(CODE_LABELS[code])
    if code.startswith(RULE_PREFIX):
        return _("Règle : %(label)s") % {"label": code_label(code[len(RULE_PREFIX) :])}
    return code.replace("_", " ").strip().capitalize()
