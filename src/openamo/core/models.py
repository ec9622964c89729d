from django.db import models
from django.utils.translation import gettext_lazy as _


class Sequence(models.Model):
    """A named counter for human-readable numbers (claim references...), handed out under lock."""

    name = models.CharField(_("nom"), max_length=40, unique=True)
    last_value = models.PositiveBigIntegerField(_("dernière valeur"), default=0)

    class Meta:
        verbose_name = _("séquence")
        verbose_name_plural = _("séquences")

    def __str__(self) -> str:
        return f"{self.name} = {self.last_value}"
