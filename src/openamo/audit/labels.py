"""What a controller reads of an audit entry: each changed field under its French label, each
value as a user would say it (a status by its label, a boolean as Oui/Non), never a code."""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

# Values recorded beside the model's own fields (see the services that write them).
EXTRA_LABELS = {
    "lines": _("lignes déposées"),
    "statement_version": _("version du décompte"),
    "outcome": _("résultat de la liquidation"),
    "total_reimbursed": _("montant remboursé"),
    "acts": _("actes demandés"),
    "documents": _("pièces reçues"),
    "document_asked": _("pièce demandée"),
    "rights": _("périodes de droits"),
    "granted_quantity": _("quantité accordée"),
    "paid_on": _("payée le"),
}
EXTRA_CHOICES = {"outcome": ("claims", "Statement", "outcome")}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


def _field(model, name: str):
    try:
        field = model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        return None
    return field if getattr(field, "concrete", False) else None


def _choices_of(model, name: str) -> dict:
    field = _field(model, name)
    if field is None and name in EXTRA_CHOICES:
        app, model_name, field_name = EXTRA_CHOICES[name]
        field = apps.get_model(app, model_name)._meta.get_field(field_name)
    return {str(k): str(v) for k, v in (field.flatchoices if field is not None else [])}


def _shown(value, choices: dict) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("Oui")) if value else str(_("Non"))
    if isinstance(value, list):
        return " ; ".join(_shown(v, choices) for v in value)
    return choices.get(str(value), str(value))


def _label(model, key: str) -> str:
    if key.startswith("acts.") and key.endswith(".granted_quantity"):
        return f"{_('acte')} {key.split('.')[1]} : {EXTRA_LABELS['granted_quantity']}"
    field = _field(model, key)
    if field is not None:
        return str(field.verbose_name)
    return str(EXTRA_LABELS.get(key, key.replace("_", " ")))


def field_changes_shown(model, changes: dict) -> list[FieldChange]:
    """The entry's changes as (French label, old, new) rows, in the order they were recorded."""
    rows = []
    for key, pair in (changes or {}).items():
        old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        choices = _choices_of(model, key)
        rows.append(FieldChange(_label(model, key), _shown(old, choices), _shown(new, choices)))
    return rows


def changes_text(model, changes: dict) -> str:
    """One line for the exports: « label : old → new ; ... »."""
    return " ; ".join(f"{c.label} : {c.old} → {c.new}" for c in field_changes_shown(model, changes))
