from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SynthConfig(AppConfig):
    name = "openamo.synth"
    verbose_name = _("Caisse de démonstration")
