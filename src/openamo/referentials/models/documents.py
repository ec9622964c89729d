from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from openamo.core.dated import DatedModel

from ..choices import CareCategory, RequestStage


class DocumentType(models.Model):
    """A document of the nomenclature fixed by the joint committee (seed 000)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("libellé"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("type de pièce justificative")
        verbose_name_plural = _("nomenclature des pièces justificatives")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.label


class AuthorizationType(models.Model):
    """A kind of prior-authorisation request, with its own document list."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("libellé"), max_length=200)
    care_category = models.CharField(
        _("catégorie de soins"), max_length=30, choices=CareCategory.choices
    )
    auto_approvable = models.BooleanField(
        _("accord instantané possible"),
        default=False,
        help_text=_("Demande complète et droits ouverts : accord immédiat sans revue."),
    )
    yearly_agreement = models.BooleanField(
        _("accord annuel"), default=False, help_text=_("Ex. hémodialyse.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("type de prise en charge")
        verbose_name_plural = _("types de prise en charge")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.label


class RequiredDocument(DatedModel):
    """A document required for a type of request: the fund may never ask for one outside this list."""

    authorization_type = models.ForeignKey(
        AuthorizationType,
        models.PROTECT,
        related_name="required_documents",
        verbose_name=_("type de prise en charge"),
    )
    document_type = models.ForeignKey(
        DocumentType, models.PROTECT, related_name="required_for", verbose_name=_("pièce")
    )
    stage = models.CharField(
        _("demande"), max_length=10, choices=RequestStage.choices, default=RequestStage.ALWAYS
    )
    mandatory = models.BooleanField(_("obligatoire"), default=True)
    history = HistoricalRecords()
    validity_key = ("authorization_type", "document_type", "stage")

    class Meta:
        verbose_name = _("pièce exigée")
        verbose_name_plural = _("pièces exigées par type de prise en charge")
        ordering = ["authorization_type", "stage", "document_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["authorization_type", "document_type", "stage", "valid_from"],
                name="uniq_reqdoc_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.authorization_type.code} · {self.document_type.label}"
