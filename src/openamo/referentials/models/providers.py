from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import AUTO_DIRECT_BILLING_KINDS, ProviderKind, Sector, Specialty
from ..fields import validate_inpe, validate_rib
from .geography import City

PRACTITIONER_KINDS_WITH_SPECIALTY = {ProviderKind.SPECIALIST}


class Provider(models.Model):
    """A health professional or facility, identified by its INPE."""

    inpe = models.CharField(_("INPE"), max_length=9, unique=True, validators=[validate_inpe])
    name = models.CharField(_("nom ou raison sociale"), max_length=200, db_index=True)
    kind = models.CharField(_("type"), max_length=30, choices=ProviderKind.choices)
    specialty = models.CharField(
        _("spécialité"), max_length=30, choices=Specialty.choices, blank=True
    )
    sector = models.CharField(_("secteur"), max_length=20, choices=Sector.choices)
    city = models.ForeignKey(
        City, models.PROTECT, related_name="providers", verbose_name=_("ville")
    )
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    anam_registration = models.CharField(_("enregistrement ANAM"), max_length=50, blank=True)
    rib = models.CharField(_("RIB"), max_length=24, blank=True, validators=[validate_rib])
    direct_billing = models.BooleanField(_("tiers payant"), default=False)
    direct_billing_since = models.DateField(_("tiers payant depuis"), null=True, blank=True)
    active = models.BooleanField(_("actif"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("prestataire de soins")
        verbose_name_plural = _("prestataires de soins")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.inpe})"

    @property
    def region(self):
        return self.city.region

    @property
    def delegation(self):
        return self.city.delegation

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.sector == Sector.ALL:
            errors["sector"] = _("un prestataire relève d'un secteur précis")
        if self.kind in PRACTITIONER_KINDS_WITH_SPECIALTY and not self.specialty:
            errors["specialty"] = _("la spécialité est obligatoire pour un médecin spécialiste")
        if self.direct_billing and self.kind not in AUTO_DIRECT_BILLING_KINDS and not self.rib:
            errors["rib"] = _(
                "le tiers payant exige un RIB (sauf hôpitaux publics, CHU, militaires)"
            )
        if self.direct_billing and not self.direct_billing_since:
            errors["direct_billing_since"] = _("indiquer la date d'admission au tiers payant")
        if errors:
            raise ValidationError(errors)
