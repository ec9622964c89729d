"""Coded reasons for rejections and deductions, each with the French sentence users read."""

from enum import StrEnum


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
    # deductions (abattements) on an accepted line
    ABOVE_TARIFF = "above_tariff"
    GENERIC_BASE = "generic_base"
    FORFAIT_CAP = "forfait_cap"
    QUANTITY_BEYOND_PRESCRIPTION = "quantity_beyond_prescription"
    REVIEWER_ADJUSTMENT = "reviewer_adjustment"


LABELS = {
    Reason.LATE_DEPOSIT: "Dossier déposé après le délai de dépôt",
    Reason.NO_RIGHTS: "Pas de droits ouverts à la date des soins",
    Reason.UNKNOWN_PROVIDER: "Prestataire inconnu (INPE)",
    Reason.PROVIDER_INACTIVE: "Prestataire non autorisé à la date des soins",
    Reason.UNKNOWN_CODE: "Code d'acte, de médicament ou de dispositif inconnu",
    Reason.NO_TARIFF: "Aucun tarif de référence en vigueur à la date des soins",
    Reason.NOT_REIMBURSABLE: "Médicament non remboursable à la date des soins",
    Reason.DUPLICATE: "Doublon d'une prestation déjà remboursée",
    Reason.AUTHORIZATION_MISSING: "Accord préalable (prise en charge) absent",
    Reason.CARE_AFTER_DEPOSIT: "Date des soins postérieure au dépôt",
    Reason.NO_RATE: "Aucun taux de remboursement en vigueur pour cette catégorie",
    Reason.HELD_FOR_CONTROL: "Prestation suspendue pour contrôle avant paiement",
    Reason.ABOVE_TARIFF: "Dépassement du tarif national de référence",
    Reason.GENERIC_BASE: "Remboursement sur la base du prix du générique (PBR)",
    Reason.FORFAIT_CAP: "Base plafonnée au forfait",
    Reason.QUANTITY_BEYOND_PRESCRIPTION: "Quantité supérieure à la prescription",
    Reason.REVIEWER_ADJUSTMENT: "Ajustement du médecin contrôleur",
}
