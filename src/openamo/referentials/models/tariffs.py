from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from openamo.core.dated import DatedModel
from openamo.core.money import format_dh

from ..choices import CareCategory, EstablishmentKind, ForfaitUnit, Sector, TnrGrid
from ..fields import MoneyField

POSITIVE = [MinValueValidator(0)]


class LetterKey(models.Model):
    """An NGAP letter key (C, Cs, K, Z, B...): a quotation `K 50` is the key × 50."""

    code = models.CharField(_("lettre clé"), max_length=10, unique=True)
    label = models.CharField(_("libellé"), max_length=200)
    care_category = models.CharField(
        _("catégorie de soins"), max_length=30, choices=CareCategory.choices
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lettre clé")
        verbose_name_plural = _("lettres clés")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.label}"


class LetterKeyValue(DatedModel):
    """The TNR value of one unit of a letter key, for a sector, over a period."""

    letter_key = models.ForeignKey(
        LetterKey, models.PROTECT, related_name="values", verbose_name=_("lettre clé")
    )
    sector = models.CharField(
        _("secteur"), max_length=20, choices=Sector.choices, default=Sector.ALL
    )
    value = MoneyField(_("valeur TNR (DH)"), validators=POSITIVE)
    history = HistoricalRecords()
    validity_key = ("letter_key", "sector")

    class Meta:
        verbose_name = _("valeur de lettre clé (TNR)")
        verbose_name_plural = _("valeurs des lettres clés (TNR)")
        ordering = ["letter_key", "sector", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["letter_key", "sector", "valid_from"], name="uniq_lkv_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.letter_key.code} = {format_dh(self.value)} ({self.get_sector_display()}, {self.period_label})"


class TariffForfait(models.Model):
    """A TNR forfait: hospital day, surgical forfait, dialysis session, chemotherapy cycle..."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    label = models.CharField(_("libellé"), max_length=250)
    grid = models.PositiveSmallIntegerField(_("grille TNR"), choices=TnrGrid.choices)
    care_category = models.CharField(
        _("catégorie de soins"), max_length=30, choices=CareCategory.choices
    )
    unit = models.CharField(_("unité"), max_length=20, choices=ForfaitUnit.choices)
    requires_prior_approval = models.BooleanField(
        _("accord préalable requis"),
        default=False,
        help_text=_("Remboursé seulement avec une prise en charge accordée."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("forfait TNR")
        verbose_name_plural = _("forfaits TNR")
        ordering = ["grid", "code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.label}"


class TariffForfaitValue(DatedModel):
    forfait = models.ForeignKey(
        TariffForfait, models.PROTECT, related_name="values", verbose_name=_("forfait")
    )
    sector = models.CharField(
        _("secteur"), max_length=20, choices=Sector.choices, default=Sector.ALL
    )
    establishment_kind = models.CharField(
        _("type d'établissement"),
        max_length=20,
        choices=EstablishmentKind.choices,
        blank=True,
        default=EstablishmentKind.ALL,
        help_text=_(
            "Tous (ou vide) : tous les établissements. Un type : seuls les établissements de ce "
            "type facturent le forfait à ce montant (les autres sont rejetés s'il n'a pas de "
            "montant pour eux)."
        ),
    )
    amount = MoneyField(_("montant (DH)"), validators=POSITIVE)
    history = HistoricalRecords()
    validity_key = ("forfait", "sector", "establishment_kind")

    class Meta:
        verbose_name = _("montant de forfait TNR")
        verbose_name_plural = _("montants des forfaits TNR")
        ordering = ["forfait", "sector", "establishment_kind", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["forfait", "sector", "establishment_kind", "valid_from"],
                name="uniq_forfait_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.forfait.code} = {format_dh(self.amount)} ({self.get_sector_display()}, {self.period_label})"
