from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Region(models.Model):
    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("nom"), max_length=120, unique=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Delegation(models.Model):
    """A regional delegation of the fund: decides prior authorisations for its cities."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("nom"), max_length=120)
    region = models.ForeignKey(
        Region, models.PROTECT, related_name="delegations", verbose_name=_("région")
    )
    seat = models.CharField(_("siège"), max_length=120)
    opened_on = models.DateField(
        _("ouverte le"), null=True, blank=True, help_text=_("Vide : prévue.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("délégation régionale")
        verbose_name_plural = _("délégations régionales")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class City(models.Model):
    name = models.CharField(_("nom"), max_length=120, unique=True)
    region = models.ForeignKey(
        Region, models.PROTECT, related_name="cities", verbose_name=_("région")
    )
    delegation = models.ForeignKey(
        Delegation, models.PROTECT, related_name="cities", verbose_name=_("délégation")
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ville")
        verbose_name_plural = _("villes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
