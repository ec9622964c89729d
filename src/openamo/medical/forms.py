"""Forms of the medical control pages (French labels; the services validate the rest)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from openamo.core.forms import DateInput

from .documents import Upload
from .models import DecisionTemplate, ExamOutcome, RefusalReason

ACCEPT = "application/pdf,image/png,image/jpeg"


class DocumentsMixin:
    """One file field per document the ALD's nomenclature requires (`doc_<code>`)."""

    def add_documents(self, required, *, optional: bool = False) -> None:
        self.required_documents = list(required)
        for document in self.required_documents:
            self.fields[f"doc_{document.code}"] = forms.FileField(
                label=document.label,
                required=not optional,
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
            )

    def uploads(self) -> list[Upload]:
        out = []
        for document in self.required_documents:
            file = self.cleaned_data.get(f"doc_{document.code}")
            if file:
                out.append(Upload(document.code, file.name, file))
        return out


class AldRequestForm(DocumentsMixin, forms.Form):
    icd10_code = forms.CharField(label=_("Diagnostic (code CIM-10)"), max_length=10)
    certificate_date = forms.DateField(label=_("Date du certificat médical"), widget=DateInput())
    clinical_summary = forms.CharField(
        label=_("Résumé clinique"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, required=(), beneficiaries=None, **kwargs):
        super().__init__(*args, **kwargs)
        if beneficiaries is not None:  # the insured person chooses in the family
            self.fields["beneficiary"] = forms.ModelChoiceField(
                label=_("Bénéficiaire"), queryset=beneficiaries, empty_label=None
            )
            self.order_fields(["beneficiary"])
        else:  # the physician names the patient
            self.fields["registration_number"] = forms.CharField(
                label=_("N° d'immatriculation du patient"), max_length=12
            )
            self.fields["rank"] = forms.IntegerField(
                label=_("Rang (0 : assuré principal)"), min_value=0, initial=0
            )
            self.order_fields(["registration_number", "rank"])
        self.add_documents(required)


class CompleteForm(DocumentsMixin, forms.Form):
    note = forms.CharField(
        label=_("Réponse au contrôle médical"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, required=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_documents(required, optional=True)


DECISIONS = [
    ("grant", _("Accorder l'exonération")),
    ("refuse", _("Refuser")),
    ("info", _("Demander un complément")),
]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Décision"), choices=DECISIONS)
    template = forms.ModelChoiceField(
        label=_("Modèle de motivation"),
        queryset=DecisionTemplate.objects.all(),
        required=False,
        to_field_name="code",
    )
    refusal_reason = forms.ChoiceField(
        label=_("Motif de refus"), choices=[("", "—"), *RefusalReason.choices], required=False
    )
    note = forms.CharField(
        label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def motivation(self) -> str:
        note = self.cleaned_data["note"].strip()
        template = self.cleaned_data.get("template")
        return note or (template.text if template else "")


class ExamOrderForm(forms.Form):
    motive = forms.CharField(label=_("Motif de la contre-visite"), max_length=300)
    scheduled_at = forms.DateTimeField(
        label=_("Convocation le"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("Lieu"), max_length=200)
    practitioner = forms.CharField(label=_("Médecin examinateur"), max_length=120)


class FindingsForm(forms.Form):
    findings = forms.CharField(
        label=_("Constatations médicales"), widget=forms.Textarea(attrs={"rows": 4})
    )


class ExamDecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Avis"), choices=ExamOutcome.choices)
    reason = forms.CharField(label=_("Motif de l'avis"), max_length=250)
    reduced_base = forms.DecimalField(
        label=_("Base retenue (DH, si réduction d'une ligne)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )
