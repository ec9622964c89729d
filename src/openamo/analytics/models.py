"""No table of its own: the analytical copy lives in Parquet files. This unmanaged model only
carries the permission to open the decision dashboards."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Dashboard(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_dashboards", _("Consulter les tableaux de bord de pilotage"))]
        verbose_name = _("tableau de bord")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
