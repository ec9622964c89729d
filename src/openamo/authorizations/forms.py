"""Forms of the prior-authorisation pages (French labels; the services validate the rest)."""

import csv
import io
from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.forms import formset_factory

from openamo.core.forms import DateInput
from openamo.core.money import MAX_AMOUNT
from openamo.referentials.models import AuthorizationType

from .invoicing import InvoiceInput, InvoiceLineInput
from .models import ActKind, RefusalReason


class RequestForm(forms.Form):
    registration_number = forms.CharField(label="N° d'immatriculation", max_length=12)
    rank = forms.IntegerField(label="Rang (0 : assuré principal)", min_value=0, initial=0)
    authorization_type = forms.ModelChoiceField(
        label="Type de prise en charge",
        queryset=AuthorizationType.objects.order_by("label"),
        to_field_name="code",
    )
    stage = forms.ChoiceField(
        label="Demande", choices=[("initial", "Première demande"), ("renewal", "Renouvellement")]
    )
    diagnosis = forms.CharField(label="Diagnostic (CIM-10)", max_length=10)
    ald_code = forms.CharField(
        label="ALD/ALC (code, si exonération)", max_length=20, required=False
    )
    doctor_inpe = forms.CharField(label="INPE du médecin", max_length=9, required=False)
    planned_start = forms.DateField(label="Début prévu", widget=DateInput())
    planned_end = forms.DateField(label="Fin prévue", required=False, widget=DateInput())
    sessions_per_week = forms.IntegerField(
        label="Séances par semaine (hémodialyse)", required=False, min_value=1, max_value=7
    )


class ActForm(forms.Form):
    kind = forms.ChoiceField(label="Type", choices=[("", "—"), *ActKind.choices], required=False)
    code = forms.CharField(label="Code", max_length=30, required=False)
    coefficient = forms.DecimalField(
        label="Coefficient",
        required=False,
        min_value=Decimal("0.01"),
        max_digits=8,
        decimal_places=2,
    )
    quantity = forms.DecimalField(
        label="Quantité", required=False, min_value=Decimal("0.01"), max_digits=8, decimal_places=2
    )
    charged = forms.DecimalField(
        label="Montant prévu (DH)",
        required=False,
        min_value=Decimal("0.01"),
        max_value=MAX_AMOUNT,
        decimal_places=2,
    )

    def is_blank(self) -> bool:
        return not self.cleaned_data.get("code")


ActFormSet = formset_factory(ActForm, extra=4)


def document_fields(form: forms.Form, required) -> None:
    """One checkbox and its metadata per document of the type's nomenclature (no other)."""
    for doc in required:
        suffix = " (obligatoire)" if doc.mandatory else " (facultative)"
        form.fields[f"doc_{doc.code}"] = forms.BooleanField(
            label=doc.label + suffix, required=False
        )
        form.fields[f"doc_{doc.code}_file"] = forms.FileField(
            label="Fichier (PDF, JPEG, PNG, XLSX ou CSV, 10 Mo au plus)", required=False
        )
        form.fields[f"doc_{doc.code}_ref"] = forms.CharField(
            label="Référence ou date", required=False, max_length=100
        )


class DocumentsForm(forms.Form):
    def __init__(self, *args, required=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.required = required
        document_fields(self, required)

    def documents(self):
        from .services import DocumentInput

        """The documents ticked or whose file is attached (a file sent is a document sent)."""
        found = []
        for d in self.required:
            upload = self.cleaned_data.get(f"doc_{d.code}_file")
            if self.cleaned_data.get(f"doc_{d.code}") or upload:
                found.append(
                    DocumentInput(
                        d.code,
                        upload.name if upload else "",
                        self.cleaned_data.get(f"doc_{d.code}_ref", ""),
                        upload,
                    )
                )
        return found


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[
            ("approve", "Accorder"),
            ("partly_approve", "Accorder partiellement"),
            ("refuse", "Refuser"),
        ],
        widget=forms.RadioSelect,
    )
    refusal_reason = forms.ChoiceField(
        label="Motif de refus", choices=[("", "—"), *RefusalReason.choices], required=False
    )
    note = forms.CharField(
        label="Motivation",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=300,
    )

    def __init__(self, *args, acts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.acts = acts
        for act in acts:
            self.fields[f"granted_{act.number}"] = forms.DecimalField(
                label=f"Quantité accordée — {act.quotation or act.code}",
                initial=act.quantity,
                min_value=0,
                max_value=act.quantity,
                required=False,
                localize=True,  # "1,5" typed and shown the French way
            )

    def granted(self) -> dict[int, Decimal]:
        return {
            a.number: self.cleaned_data[f"granted_{a.number}"]
            for a in self.acts
            if self.cleaned_data.get(f"granted_{a.number}") is not None
        }


class AskForm(forms.Form):
    document_type = forms.ChoiceField(label="Pièce de la nomenclature")
    note = forms.CharField(label="Précision", required=False, max_length=300)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document_type"].choices = choices


BATCH_COLUMNS = [
    "prise_en_charge",
    "facture",
    "emise_le",
    "type",
    "code",
    "date_soins",
    "coefficient",
    "quantite",
    "montant",
]


class BatchForm(forms.Form):
    received_on = forms.DateField(label="Date d'envoi", widget=DateInput(), initial=date.today)
    content = forms.CharField(
        max_length=1_000_000,
        label="Lignes de facture (une ligne par acte ; séparateur « ; »)",
        widget=forms.Textarea(attrs={"rows": 12, "placeholder": ";".join(BATCH_COLUMNS)}),
        help_text="Colonnes : "
        + " ; ".join(BATCH_COLUMNS)
        + ". Les lignes d'une même facture sont regroupées par son numéro.",
    )

    def clean_content(self) -> list[InvoiceInput]:
        rows = list(csv.reader(io.StringIO(self.cleaned_data["content"].strip()), delimiter=";"))
        if rows and rows[0] and rows[0][0].strip() == BATCH_COLUMNS[0]:
            rows = rows[1:]
        invoices: dict[str, dict] = {}
        errors = []
        for n, row in enumerate(rows, 1):
            cells = [c.strip() for c in row]
            if not any(cells):
                continue
            if len(cells) != len(BATCH_COLUMNS):
                errors.append(
                    f"ligne {n} : {len(BATCH_COLUMNS)} colonnes attendues, {len(cells)} reçues"
                )
                continue
            ref, number, issued, kind, code, day, coef, qty, amount = cells
            try:
                line = InvoiceLineInput(
                    kind,
                    code,
                    date.fromisoformat(day),
                    Decimal(amount.replace(",", ".")),
                    Decimal(coef.replace(",", ".") or "1"),
                    Decimal(qty.replace(",", ".") or "1"),
                )
                issued_on = date.fromisoformat(issued)
            except (ValueError, InvalidOperation):
                errors.append(f"ligne {n} : dates AAAA-MM-JJ et montants numériques attendus")
                continue
            entry = invoices.setdefault(
                number, {"agreement": ref, "issued_on": issued_on, "lines": []}
            )
            entry["lines"].append(line)
        if errors:
            raise forms.ValidationError(errors)
        if not invoices:
            raise forms.ValidationError("aucune facture")
        return [
            InvoiceInput(v["agreement"], number, v["issued_on"], tuple(v["lines"]))
            for number, v in invoices.items()
        ]
