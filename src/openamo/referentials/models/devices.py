from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from openamo.core.dated import DatedModel
from openamo.core.money import format_dh

from ..choices import DeviceCategory
from ..fields import MoneyField
from .tariffs import POSITIVE


class Device(models.Model):
    """A medical device, optical item, prosthesis or implant reimbursed on a forfait."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    label = models.CharField(_("libellé"), max_length=250)
    category = models.CharField(_("catégorie"), max_length=30, choices=DeviceCategory.choices)
    requires_prior_approval = models.BooleanField(
        _("accord préalable requis"), default=False, help_text=_("Arrêté 2315-08.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dispositif médical")
        verbose_name_plural = _("dispositifs médicaux et optique")
        ordering = ["category", "code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.label}"


class DeviceForfait(DatedModel):
    """The forfait: the reimbursement base is the lower of the price paid and this amount."""

    device = models.ForeignKey(
        Device, models.PROTECT, related_name="forfaits", verbose_name=_("dispositif")
    )
    amount = MoneyField(_("forfait (DH)"), validators=POSITIVE)
    history = HistoricalRecords()
    validity_key = ("device",)

    class Meta:
        verbose_name = _("forfait de dispositif")
        verbose_name_plural = _("forfaits des dispositifs")
        ordering = ["device", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["device", "valid_from"], name="uniq_device_forfait_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.device.code} : {format_dh(self.amount)} ({self.period_label})"
