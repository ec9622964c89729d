"""Coded reasons for rejections and deductions, each with the French sentence users read."""

from enum import StrEnum


def _(sentence: str) -> str:
    """Marks a sentence for the translation catalogue (no Django here: the engine is pure);
    the pages translate it when they show it (`claims.statement_pdf`)."""
    return sentence


class Reason(StrEnum):
    # rejections of a whole claim
    LATE_DEPOSIT = "late_deposit"
    # rejections of a line
    NO_RIGHTS = "no_rights"
    UNKNOWN_PROVIDER = "unknown_provider"
    PROVIDER_INACTIVE = "provider_inactive"
    UNKNOWN_CODE = "unknown_code"
    NO_TARIFF = "no_tariff"
    NOT_REIMBURSABLE = "not_reimbursable"
    DUPLICATE = "duplicate"
    AUTHORIZATION_MISSING = "authorization_missing"
    CARE_AFTER_DEPOSIT = "care_after_deposit"
    NO_RATE = "no_rate"
    HELD_FOR_CONTROL = "held_for_control"
    NOT_BILLABLE_BY_ESTABLISHMENT = "not_billable_by_establishment"
    # deductions (abattements) on an accepted line
    ABOVE_TARIFF = "above_tariff"
    GENERIC_BASE = "generic_base"
    FORFAIT_CAP = "forfait_cap"
    QUANTITY_BEYOND_PRESCRIPTION = "quantity_beyond_prescription"
    REVIEWER_ADJUSTMENT = "reviewer_adjustment"


LABELS = {
    Reason.LATE_DEPOSIT: _("Dossier déposé après le délai de dépôt"),
    Reason.NO_RIGHTS: _("Pas de droits ouverts à la date des soins"),
    Reason.UNKNOWN_PROVIDER: _("Prestataire inconnu (INPE)"),
    Reason.PROVIDER_INACTIVE: _("Prestataire non autorisé à la date des soins"),
    Reason.UNKNOWN_CODE: _("Code d'acte, de médicament ou de dispositif inconnu"),
    Reason.NO_TARIFF: _("Aucun tarif de référence en vigueur à la date des soins"),
    Reason.NOT_REIMBURSABLE: _("Médicament non remboursable à la date des soins"),
    Reason.DUPLICATE: _("Doublon d'une prestation déjà remboursée"),
    Reason.AUTHORIZATION_MISSING: _("Accord préalable (prise en charge) absent"),
    Reason.CARE_AFTER_DEPOSIT: _("Date des soins postérieure au dépôt"),
    Reason.NO_RATE: _("Aucun taux de remboursement en vigueur pour cette catégorie"),
    Reason.HELD_FOR_CONTROL: _("Prestation suspendue pour contrôle avant paiement"),
    Reason.NOT_BILLABLE_BY_ESTABLISHMENT: _("Code non facturable par ce type d'établissement"),
    Reason.ABOVE_TARIFF: _("Dépassement du tarif national de référence"),
    Reason.GENERIC_BASE: _("Remboursement sur la base du prix du générique (PBR)"),
    Reason.FORFAIT_CAP: _("Base plafonnée au forfait"),
    Reason.QUANTITY_BEYOND_PRESCRIPTION: _("Quantité supérieure à la prescription"),
    Reason.REVIEWER_ADJUSTMENT: _("Ajustement du médecin contrôleur"),
}
