from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Category, Channel, Resolution, Team


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


def _categories():
    """The leaves of the tree (a root without children is a leaf too)."""
    return (
        Category.objects.filter(Q(parent__isnull=False) | Q(children__isnull=True))
        .select_related("parent")
        .distinct()
        .order_by("parent__label", "label")
    )


ATTACHMENT_LABEL = _("Pièce jointe (facultative : PDF, JPEG, PNG, XLSX ou CSV, 10 Mo au plus)")


def attachments(form) -> list:
    upload = form.cleaned_data.get("attachment")
    return [upload] if upload else []


class FileForm(forms.Form):
    category = CategoryChoiceField(label=_("Nature"), queryset=Category.objects.none())
    title = forms.CharField(label=_("Objet"), max_length=200)
    body = forms.CharField(label=_("Votre message"), widget=forms.Textarea(attrs={"rows": 6}))
    attachment = forms.FileField(label=ATTACHMENT_LABEL, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = _categories()


STAFF_CHANNELS = [(c.value, c.label) for c in Channel if c != Channel.PORTAL]


class StaffFileForm(FileForm):
    registration_number = forms.CharField(label=_("N° d'immatriculation de l'assuré"))
    channel = forms.ChoiceField(label=_("Reçue par"), choices=STAFF_CHANNELS)
    claim_reference = forms.CharField(
        label=_("Dossier concerné (facultatif)"), required=False, max_length=30
    )


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}))
    internal = forms.BooleanField(label=_("Note interne (invisible pour l'assuré)"), required=False)
    attachment = forms.FileField(label=ATTACHMENT_LABEL, required=False)


class AssignForm(forms.Form):
    agent = forms.ModelChoiceField(label=_("Agent"), queryset=None, required=False)
    team = forms.ModelChoiceField(label=_("Équipe"), queryset=Team.objects.all(), required=False)

    def __init__(self, *args, agents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = agents


class CloseForm(forms.Form):
    resolution = forms.ChoiceField(label=_("Code de résolution"), choices=Resolution.choices)
    body = forms.CharField(
        label=_("Message de clôture à l'assuré (facultatif)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReopenForm(forms.Form):
    body = forms.CharField(
        label=_("Pourquoi rouvrir ?"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SatisfactionForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("Êtes-vous satisfait de la réponse ?"),
        choices=[("1", _("Oui")), ("0", _("Non"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
