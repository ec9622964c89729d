from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FraudConfig(AppConfig):
    name = "openamo.fraud"
    verbose_name = _("Contrôle et lutte contre la fraude")
