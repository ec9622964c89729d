from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MedicalConfig(AppConfig):
    name = "openamo.medical"
    verbose_name = _("Contrôle médical")
