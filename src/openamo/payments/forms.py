"""Forms of the payments pages (French labels; errors are placed on the field at fault)."""

from django import forms
from django.utils import timezone

from openamo.authorizations.models import Invoice
from openamo.claims.models import Claim
from openamo.core.forms import DateInput
from openamo.members.models import Member
from openamo.referentials.models import Provider

from .models import OrderStatus, RunKind, RunStatus

DATE = DateInput()


def _today():
    return timezone.localdate()


class RunFilterForm(forms.Form):
    nature = forms.ChoiceField(
        label="Nature", required=False, choices=[("", "Toutes")] + RunKind.choices
    )
    statut = forms.ChoiceField(
        label="Statut", required=False, choices=[("", "Tous")] + RunStatus.choices
    )

    def values(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"kind": data.get("nature", ""), "status": data.get("statut", "")}


class OrderFilterForm(forms.Form):
    q = forms.CharField(label="Bénéficiaire, référence, immatriculation ou INPE", required=False)
    statut = forms.ChoiceField(
        label="Statut", required=False, choices=[("", "Tous")] + OrderStatus.choices
    )


class PrepareForm(forms.Form):
    kind = forms.ChoiceField(label="Nature du lot", choices=RunKind.choices)
    cut_off = forms.DateField(label="Arrêté au", widget=DATE, initial=_today)


class DateForm(forms.Form):
    on = forms.DateField(label="Date de valeur (dénouement)", widget=DATE, initial=_today)


class SettleForm(DateForm):
    outcome = forms.ChoiceField(
        label="Réponse de la banque",
        choices=[("paid", "Virement exécuté (payé)"), ("rejected", "Virement rejeté")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="Motif du rejet", required=False, max_length=300)
    bank_reference = forms.CharField(label="Référence bancaire", required=False, max_length=60)

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "rejected" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Le motif du rejet est obligatoire.")
        return data


class ReturnForm(DateForm):
    file = forms.FileField(
        label="Fichier retour de la banque (CSV ou XLSX)",
        help_text="Colonnes : reference_ordre ; statut (payé ou rejeté) ; motif ; "
        "reference_banque (facultative).",
    )


TARGETS = [
    ("member", "Assuré (n° d'immatriculation)"),
    ("provider", "Prestataire (INPE)"),
    ("claim", "Dossier maladie (référence)"),
    ("invoice", "Facture tiers payant (référence)"),
]
LOOKUPS = {
    "member": (Member, "registration_number", "aucun assuré n'a ce n° d'immatriculation"),
    "provider": (Provider, "inpe", "aucun prestataire n'a cet INPE"),
    "claim": (Claim, "reference", "aucun dossier n'a cette référence"),
    "invoice": (Invoice, "reference", "aucune facture n'a cette référence"),
}


class HoldForm(forms.Form):
    target_kind = forms.ChoiceField(label="Opposition sur", choices=TARGETS)
    target = forms.CharField(label="Identifiant", max_length=40)
    reason = forms.CharField(label="Motif", max_length=300)
    starts_on = forms.DateField(label="À partir du", widget=DATE, initial=_today)
    ends_on = forms.DateField(label="Jusqu'au (facultatif)", widget=DATE, required=False)

    def clean(self):
        data = super().clean()
        kind, value = data.get("target_kind"), (data.get("target") or "").strip()
        if kind and value:
            model, field, missing = LOOKUPS[kind]
            found = model.objects.filter(**{field: value}).first()
            if found is None:
                self.add_error("target", f"{missing} : « {value} ».")
            data["object"] = found
        return data


class LiftForm(forms.Form):
    reason = forms.CharField(label="Motif de la levée", max_length=300)
