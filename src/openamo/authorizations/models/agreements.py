"""Direct-billing (tiers payant) agreements of providers, and which users act for a provider."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openamo.referentials.fields import validate_rib


class AgreementStatus(models.TextChoices):
    APPLIED = "applied", _("Demande déposée")
    ACTIVE = "active", _("En vigueur")
    REFUSED = "refused", _("Refusée")
    ENDED = "ended", _("Résiliée")


class DirectBillingAgreement(models.Model):
    """A provider's admission to direct billing for some care categories, over a period.
    Public hospitals, CHU and military hospitals are admitted automatically."""

    provider = models.ForeignKey(
        "referentials.Provider",
        models.PROTECT,
        related_name="billing_agreements",
        verbose_name=_("prestataire"),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.APPLIED
    )
    care_categories = models.JSONField(
        _("catégories de soins couvertes"), default=list, help_text=_("Codes CareCategory.")
    )
    rib = models.CharField(_("RIB"), max_length=24, blank=True, validators=[validate_rib])
    anam_registration = models.CharField(_("enregistrement ANAM"), max_length=50, blank=True)
    starts_on = models.DateField(_("à partir du"))
    ends_on = models.DateField(
        _("jusqu'au"), null=True, blank=True, help_text=_("Vide : sans fin.")
    )
    automatic = models.BooleanField(_("admission automatique"), default=False)
    applied_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidée par"),
    )
    decision_note = models.CharField(_("motif"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("convention de tiers payant")
        verbose_name_plural = _("conventions de tiers payant")
        ordering = ["provider", "-starts_on"]

    def __str__(self) -> str:
        return f"{self.provider} · {self.get_status_display()} depuis le {self.starts_on:%d/%m/%Y}"

    def covers(self, category: str, day) -> bool:
        return (
            self.status == AgreementStatus.ACTIVE
            and category in self.care_categories
            and self.starts_on <= day
            and (self.ends_on is None or day <= self.ends_on)
        )


class ProviderAccess(models.Model):
    """A user acting for one establishment: its pages and API calls are scoped to it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="provider_access",
        verbose_name=_("utilisateur"),
    )
    provider = models.ForeignKey(
        "referentials.Provider",
        models.CASCADE,
        related_name="accesses",
        verbose_name=_("établissement"),
    )
    granted_at = models.DateTimeField(_("accordé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("accès prestataire")
        verbose_name_plural = _("accès prestataires")

    def __str__(self) -> str:
        return f"{self.user} → {self.provider}"
