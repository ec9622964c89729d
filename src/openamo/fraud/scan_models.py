"""One run of the after-payment scan (`openamo fraud_scan`): what ran, on what, how long."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScanRun(models.Model):
    started_at = models.DateTimeField(_("démarré le"))
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    since = models.DateField(_("lignes depuis le"), null=True, blank=True)
    detectors = models.JSONField(_("détecteurs"), default=list)
    watermark = models.BigIntegerField(
        _("dernière ligne lue"),
        default=0,
        help_text=_("Identifiant de la dernière ligne de dossier lue : le passage suivant "
                    "repart de là."),
    )  # fmt: skip
    lines = models.PositiveIntegerField(_("lignes lues"), default=0)
    alerts_created = models.PositiveIntegerField(_("alertes levées"), default=0)
    alerts_updated = models.PositiveIntegerField(_("alertes mises à jour"), default=0)
    figures = models.JSONField(_("chiffres"), default=dict)
    durations = models.JSONField(_("durées (s)"), default=dict)

    class Meta:
        app_label = "fraud"
        verbose_name = _("passage de détection")
        verbose_name_plural = _("passages de détection")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"passage du {self.started_at:%d/%m/%Y %H:%M}"
