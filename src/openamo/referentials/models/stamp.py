from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferentialStamp(models.Model):
    """One row whose token changes whenever any referential row is written: a database trigger
    on every referential table bumps it in the writing transaction itself, whatever the path
    (admin, import, bulk insert, update, raw SQL). Per-process caches of referentials compare
    it before use (see `referentials.cache`)."""

    counter = models.BigIntegerField(default=0)
    token = models.CharField(max_length=40)

    class Meta:
        verbose_name = _("version des référentiels")
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.counter} ({self.token})"
