"""Forms of the staff pages: choose an employer and a period, upload a file, enter lines,
record a receipt."""

import re
from datetime import date
from decimal import Decimal

from django import forms

from openamo.core.forms import DateInput
from openamo.core.money import MAX_AMOUNT
from openamo.members.models import Employer

from . import lines as L
from .models import ReceiptChannel

PERIOD_RE = re.compile(r"^\s*(?:(\d{4})-(\d{1,2})|(\d{1,2})/(\d{4}))\s*$")


def parse_period(text: str) -> date:
    """`2024-05` or `05/2024` → 2024-05-01."""
    match = PERIOD_RE.match(text or "")
    if not match:
        raise ValueError(f"« {text} » : période AAAA-MM ou MM/AAAA attendue")
    year, month = (match[1], match[2]) if match[1] else (match[4], match[3])
    if not 1 <= int(month) <= 12:
        raise ValueError(f"« {text} » : mois entre 1 et 12 attendu")
    return date(int(year), int(month), 1)


class PeriodField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "AAAA-MM"})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse_period(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class DeclarationHeaderForm(forms.Form):
    employer = forms.ModelChoiceField(
        Employer.objects.select_related("scheme").order_by("name"), label="Employeur"
    )
    period = PeriodField(label="Période (mois déclaré)")
    replace = forms.BooleanField(
        label="Remplacer la déclaration déjà déposée pour cette période", required=False
    )

    def clean_period(self):
        period = self.cleaned_data["period"]
        if period and period > date.today().replace(day=1):
            raise forms.ValidationError("une période future ne peut pas être déclarée")
        return period


class DeclarationUploadForm(DeclarationHeaderForm):
    file = forms.FileField(
        label="Fichier CSV ou XLSX",
        help_text="Colonnes : immatriculation et/ou cin, salaire_brut, jours (0 à 26), statut "
        "(facultatif : actif, retraité, volontaire).",
    )


class DeclarationLineForm(forms.Form):
    immatriculation = forms.CharField(label="Immatriculation", required=False, max_length=12)
    cin = forms.CharField(label="CIN", required=False, max_length=10)
    salaire_brut = forms.CharField(label="Salaire brut (DH)", required=False, max_length=20)
    jours = forms.CharField(label="Jours", required=False, max_length=3)
    statut = forms.ChoiceField(
        label="Statut",
        required=False,
        choices=[
            ("", "— statut de l'assuré —"),
            ("actif", "Actif"),
            ("retraité", "Retraité"),
            ("volontaire", "Volontaire"),
        ],
    )

    def values(self) -> dict[str, str]:
        return {c: str(self.cleaned_data.get(c) or "") for c in L.COLUMNS}

    def is_blank(self) -> bool:
        return not any(v.strip() for v in self.values().values())


DeclarationLineFormSet = forms.formset_factory(DeclarationLineForm, extra=0, max_num=500)


class ReceiptForm(forms.Form):
    employer = forms.ModelChoiceField(Employer.objects.order_by("name"), label="Employeur")
    amount = forms.DecimalField(
        label="Montant (DH)", min_value=Decimal("0.01"), max_value=MAX_AMOUNT, decimal_places=2
    )
    received_on = forms.DateField(label="Reçu le", widget=DateInput())
    channel = forms.ChoiceField(label="Canal", choices=ReceiptChannel.choices)
    reference = forms.CharField(label="Référence", max_length=60)
    note = forms.CharField(label="Note", max_length=300, required=False)
