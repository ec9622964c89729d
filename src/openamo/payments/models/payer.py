"""The fund's account the transfers are drawn on."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from openamo.referentials.fields import validate_rib


class PayerAccount(models.Model):
    """The fund's account the transfers are drawn on (donneur d'ordre)."""

    name = models.CharField(_("donneur d'ordre"), max_length=120)
    rib = models.CharField(_("RIB"), max_length=24, validators=[validate_rib])
    active = models.BooleanField(_("compte en usage"), default=True)

    class Meta:
        verbose_name = _("compte du donneur d'ordre")
        verbose_name_plural = _("comptes du donneur d'ordre")
        ordering = ["-active", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.rib})"
