"""Forms of the claims pages: intake by form and by file, queue filters, workflow steps,
medical review. They parse; the services decide."""

import uuid
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from openamo.core.forms import DateInput

from .models import Channel, ClaimStatus, LineKind, Outcome, ReviewDecision
from .selectors import DEADLINE_LATE, DEADLINE_TODAY, QueueFilters, beneficiary_find
from .services import LineInput

DATE = DateInput()


class ClaimHeaderForm(forms.Form):
    identifier = forms.CharField(
        label="Immatriculation ou CIN",
        max_length=20,
        widget=forms.TextInput(
            attrs={"autofocus": True, "placeholder": "ex. 100000001 ou AB123456"}
        ),
    )
    rank = forms.IntegerField(
        label="Rang (ayant droit)",
        min_value=0,
        max_value=99,
        required=False,
        help_text="0 : l'assuré ; vide : l'assuré, ou la personne de ce CIN.",
    )
    deposit_date = forms.DateField(label="Date de dépôt", widget=DATE)
    channel = forms.ChoiceField(label="Canal", choices=Channel.choices, initial=Channel.PAPER)
    ald_code = forms.CharField(label="ALD/ALC déclarée", max_length=20, required=False)
    continuous_treatment = forms.BooleanField(label="Traitement continu", required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", f"form-{uuid.uuid4()}")
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if self.errors.get("identifier") or not data.get("identifier"):
            return data
        beneficiary = beneficiary_find(identifier=data["identifier"], rank=data.get("rank"))
        if beneficiary is None:
            self.add_error("identifier", "Aucun bénéficiaire avec cette immatriculation ou ce CIN.")
        data["beneficiary"] = beneficiary
        return data


class ClaimLineForm(forms.Form):
    kind = forms.ChoiceField(label="Type", choices=[("", "—"), *LineKind.choices], required=False)
    code = forms.CharField(label="Code", max_length=30, required=False)
    care_date = forms.DateField(label="Date des soins", widget=DATE, required=False)
    executor_inpe = forms.CharField(label="INPE exécutant", max_length=9, required=False)
    coefficient = forms.DecimalField(
        localize=True, label="Coef.", max_digits=8, decimal_places=2, required=False
    )
    quantity = forms.DecimalField(
        localize=True, label="Qté", max_digits=8, decimal_places=2, required=False
    )
    charged = forms.DecimalField(
        localize=True, label="Facturé (DH)", max_digits=12, decimal_places=2, required=False
    )
    prescribed_quantity = forms.DecimalField(
        localize=True, label="Qté prescrite", max_digits=8, decimal_places=2, required=False
    )
    ald_code = forms.CharField(label="ALD", max_length=20, required=False)
    authorization_ref = forms.CharField(label="N° PEC", max_length=30, required=False)

    REQUIRED = ("kind", "code", "care_date", "executor_inpe")

    def is_blank(self) -> bool:
        return not any(self.cleaned_data.get(name) for name in self.fields)

    def clean(self):
        data = super().clean()
        if any(data.get(name) not in (None, "") for name in self.fields):
            for name in self.REQUIRED:
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, "Obligatoire.")
        return data

    def line(self) -> LineInput:
        d = self.cleaned_data
        return LineInput(
            kind=d["kind"],
            code=d["code"].strip(),
            care_date=d["care_date"],
            executor_inpe=d["executor_inpe"].strip(),
            coefficient=d.get("coefficient") or Decimal(1),
            quantity=d.get("quantity") or Decimal(1),
            charged=d.get("charged"),
            prescribed_quantity=d.get("prescribed_quantity"),
            ald_code=d.get("ald_code", "").strip(),
            authorization_ref=d.get("authorization_ref", "").strip(),
        )


ClaimLineFormSet = forms.formset_factory(ClaimLineForm, extra=0, max_num=60, absolute_max=60)


class IntakeUploadForm(forms.Form):
    file = forms.FileField(
        label="Fichier JSON Lines (.jsonl)",
        help_text="Un dossier par ligne ; format décrit dans docs/claims.md.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 20 * 1024 * 1024:
            raise ValidationError("Fichier trop volumineux (20 Mo au plus).")
        return upload


class QueueFilterForm(forms.Form):
    q = forms.CharField(label="Référence, immatriculation ou CIN", required=False)
    statut = forms.ChoiceField(
        label="Statut", choices=[("", "Tous"), *ClaimStatus.choices], required=False
    )
    canal = forms.ChoiceField(
        label="Canal", choices=[("", "Tous"), *Channel.choices], required=False
    )
    resultat = forms.ChoiceField(
        label="Résultat", choices=[("", "Tous"), *Outcome.choices], required=False
    )
    du = forms.DateField(label="Déposé du", widget=DATE, required=False)
    au = forms.DateField(label="au", widget=DATE, required=False)
    mes_dossiers = forms.BooleanField(label="Mes dossiers", required=False)
    a_traiter = forms.BooleanField(label="À traiter seulement", required=False)
    delai = forms.ChoiceField(
        label="Délai de remboursement",
        choices=[
            ("", "Tous"),
            (DEADLINE_TODAY, "Échéance aujourd'hui"),
            (DEADLINE_LATE, "Dépassé"),
        ],
        required=False,
    )

    def filters(self, user, *, today=None) -> QueueFilters:
        d = self.cleaned_data if self.is_valid() else {}
        return QueueFilters(
            status=d.get("statut", ""),
            channel=d.get("canal", ""),
            deposit_from=d.get("du"),
            deposit_to=d.get("au"),
            outcome=d.get("resultat", ""),
            search=d.get("q", ""),
            assigned_to_id=user.pk if d.get("mes_dossiers") else None,
            open_only=bool(d.get("a_traiter")),
            deadline=d.get("delai", ""),
            on=today or timezone.localdate(),
        )


MOVES = {
    ClaimStatus.MEDICAL_REVIEW: "Envoyer au contrôle médical",
    ClaimStatus.WAITING_DOCUMENTS: "Mettre en attente de pièces",
    ClaimStatus.RECEIVED: "Remettre dans la file",
}


class MoveForm(forms.Form):
    to_status = forms.ChoiceField(label="Étape", choices=[(k.value, v) for k, v in MOVES.items()])
    reason = forms.CharField(label="Motif", max_length=300)


class ReviewForm(forms.Form):
    line = forms.IntegerField(label="Ligne", min_value=1)
    decision = forms.ChoiceField(
        label="Décision",
        choices=[
            (ReviewDecision.ADJUST_BASE, "Base ramenée"),
            (ReviewDecision.REJECT, "Ligne rejetée"),
        ],
    )
    base = forms.DecimalField(
        localize=True,
        label="Base retenue (DH)",
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
    )
    justification = forms.CharField(label="Justification", max_length=250)


class ReprocessForm(forms.Form):
    reason = forms.CharField(label="Motif du retraitement", max_length=300)
