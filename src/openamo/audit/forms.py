"""The filters of the controllers' pages (GET forms; French labels; a bad date is named)."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AuditAction
from .reads import READS
from .selectors import audited_types

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    du = forms.DateField(label=_("Du"), required=False, widget=DATE)
    au = forms.DateField(label=_("Au"), required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("du") and data.get("au") and data["au"] < data["du"]:
            self.add_error("au", _("La fin de la période précède son début."))
        return data

    def period(self, default_days: int | None = None):
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("au")
        start = data.get("du")
        if default_days and not start:
            start = (end or timezone.localdate()) - timedelta(days=default_days - 1)
        if default_days and not end:
            end = timezone.localdate()
        return start, end


class TrailFilterForm(PeriodForm):
    auteur = forms.CharField(label=_("Auteur (identifiant ou traitement)"), required=False)
    type = forms.TypedChoiceField(label=_("Type d'objet"), required=False, coerce=int)
    objet = forms.CharField(label=_("Objet (référence ou identifiant)"), required=False)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("Toutes")), *AuditAction.choices]
    )
    field_order = ["auteur", "type", "objet", "action", "du", "au"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("Tous")), *audited_types()]

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        start, end = self.period()
        return {
            "actor": data.get("auteur", ""),
            "object_type": data.get("type") or None,
            "object_ref": data.get("objet", ""),
            "action": data.get("action", ""),
            "start": start,
            "end": end,
        }


class ReadFilterForm(PeriodForm):
    lecteur = forms.CharField(label=_("Lecteur (identifiant)"), required=False)
    personne = forms.CharField(label=_("Personne lue (immatriculation ou CIN)"), required=False)
    donnee = forms.ChoiceField(
        label=_("Donnée lue"),
        required=False,
        choices=[("", _("Toutes")), *READS.items()],
    )
    field_order = ["lecteur", "personne", "donnee", "du", "au"]

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        start, end = self.period()
        return {
            "reader": data.get("lecteur", ""),
            "person": data.get("personne", ""),
            "what": data.get("donnee", ""),
            "start": start,
            "end": end,
        }
