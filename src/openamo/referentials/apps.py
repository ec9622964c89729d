from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReferentialsConfig(AppConfig):
    name = "openamo.referentials"
    verbose_name = _("Référentiels")

    def ready(self):
        from .stamp_sql import triggers_ensure

        post_migrate.connect(triggers_ensure, sender=self, dispatch_uid="referentials_stamp")
