from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferentialsConfig(AppConfig):
    name = "openamo.referentials"
    verbose_name = _("Référentiels")
