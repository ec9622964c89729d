from django import forms

from openamo.referentials.choices import ProviderKind
from openamo.referentials.models import Delegation, Region

from .models import AlertStatus, CaseStatus
from .templatetags.fraud_tags import code_label

BULK_ACTIONS = [
    ("dismiss", "Classer sans suite"),
    ("open", "Ouvrir un dossier d'investigation"),
    ("attach", "Rattacher à un dossier existant"),
]


class AlertFilterForm(forms.Form):
    statut = forms.ChoiceField(
        label="Statut", required=False, choices=[("", "Tous")] + list(AlertStatus.choices)
    )
    detecteur = forms.ChoiceField(label="Détecteur", required=False)
    motif = forms.ChoiceField(label="Motif", required=False)
    region = forms.ChoiceField(label="Région", required=False)
    delegation = forms.ChoiceField(label="Délégation", required=False)
    type = forms.ChoiceField(
        label="Type de prestataire",
        required=False,
        choices=[("", "Tous")] + list(ProviderKind.choices),
    )

    def __init__(self, *args, detectors=(), reasons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["detecteur"].choices = [("", "Tous")] + [(d, code_label(d)) for d in detectors]
        self.fields["motif"].choices = [("", "Tous")] + [(r, code_label(r)) for r in reasons]
        self.fields["region"].choices = [("", "Toutes")] + list(
            Region.objects.values_list("code", "name")
        )
        self.fields["delegation"].choices = [("", "Toutes")] + list(
            Delegation.objects.values_list("code", "name")
        )


class BulkForm(forms.Form):
    action = forms.ChoiceField(label="Action", choices=BULK_ACTIONS)
    reason = forms.CharField(label="Motif du classement", required=False, max_length=300)
    title = forms.CharField(label="Objet du dossier", required=False, max_length=200)
    case = forms.CharField(label="Dossier (référence)", required=False, max_length=20)


class MoveForm(forms.Form):
    to = forms.ChoiceField(label="Nouveau statut", choices=CaseStatus.choices[1:])
    note = forms.CharField(label="Motif", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    text = forms.CharField(label="Note d'investigation", widget=forms.Textarea(attrs={"rows": 3}))


class DocumentForm(forms.Form):
    label = forms.CharField(label="Intitulé", required=False, max_length=200)
    file = forms.FileField(label="Fichier (PDF, image, texte ou CSV ; 10 Mo au plus)")


class DecisionForm(forms.Form):
    text = forms.CharField(label="Décision", widget=forms.Textarea(attrs={"rows": 2}))


class SuspendForm(forms.Form):
    payee = forms.ChoiceField(
        label="Paiements à suspendre", choices=[("provider", "Prestataire"), ("member", "Assuré")]
    )


class RecoveryForm(forms.Form):
    payee = forms.ChoiceField(
        label="Débiteur", choices=[("provider", "Prestataire"), ("member", "Assuré")]
    )
    amount = forms.DecimalField(label="Indu à recouvrer (DH)", min_value=0.01, decimal_places=2)
