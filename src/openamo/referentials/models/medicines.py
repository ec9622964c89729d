from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from openamo.core.dated import DatedModel
from openamo.core.money import format_dh

from ..fields import MoneyField, validate_ean13
from .tariffs import POSITIVE


class Medicine(models.Model):
    """A medicine presentation identified by its EAN-13 barcode."""

    ean13 = models.CharField(
        _("code EAN-13"), max_length=13, unique=True, validators=[validate_ean13]
    )
    brand = models.CharField(_("nom commercial"), max_length=200)
    inn = models.CharField(
        _("DCI"), max_length=200, help_text=_("Dénomination commune internationale.")
    )
    dosage = models.CharField(_("dosage"), max_length=100, blank=True)
    form = models.CharField(_("forme"), max_length=100)
    presentation = models.CharField(_("présentation"), max_length=150, blank=True)
    laboratory = models.CharField(_("laboratoire"), max_length=150, blank=True)
    generic_group = models.CharField(
        _("groupe générique"),
        max_length=60,
        blank=True,
        db_index=True,
        help_text=_("Même groupe = même DCI, dosage et forme : la base est le PBR du groupe."),
    )
    is_generic = models.BooleanField(_("générique"), default=False)
    atc_code = models.CharField(
        _("code ATC"),
        max_length=7,
        blank=True,
        help_text=_("Classification anatomique, thérapeutique et chimique : A10BA02."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("médicament")
        verbose_name_plural = _("médicaments")
        ordering = ["brand", "dosage"]

    def __str__(self) -> str:
        return f"{self.brand} {self.dosage} {self.form} ({self.ean13})"


class MedicinePrice(DatedModel):
    """The public price (PPV), the generic reimbursement base (PBR) and reimbursability."""

    medicine = models.ForeignKey(
        Medicine, models.PROTECT, related_name="prices", verbose_name=_("médicament")
    )
    ppv = MoneyField(_("prix public de vente (PPV, DH)"), validators=POSITIVE)
    pbr = MoneyField(
        _("prix base de remboursement (PBR, DH)"),
        null=True,
        blank=True,
        validators=POSITIVE,
        help_text=_("Prix du générique servant de base ; vide si aucun générique."),
    )
    reimbursable = models.BooleanField(_("remboursable"), default=True)
    history = HistoricalRecords()
    validity_key = ("medicine",)

    class Meta:
        verbose_name = _("prix de médicament")
        verbose_name_plural = _("prix des médicaments")
        ordering = ["medicine", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["medicine", "valid_from"], name="uniq_med_price_start")
        ]

    def clean(self) -> None:
        super().clean()
        if self.pbr is not None and self.ppv is not None and self.pbr > self.ppv:
            raise ValidationError({"pbr": _("le PBR ne peut pas dépasser le PPV")})

    def __str__(self) -> str:
        return f"{self.medicine.brand} : PPV {format_dh(self.ppv)} ({self.period_label})"
